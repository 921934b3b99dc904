using static Kiln.Functions;

namespace Kiln.Cli.Examples;

/// <summary>
/// The bundled example job: generates a small sales table, reads it as CSV with an explicit schema, joins it with
/// an in-memory category table, aggregates revenue per department, sorts, prints, and writes the result as CSV.
/// </summary>
public static class SalesExample
{
    public static int Run(KilnSession session, long rows, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(output);
        var dir = Path.Combine(Path.GetTempPath(), "kiln-example", session.AppId);
        var input = Path.Combine(dir, "sales.csv");
        SalesDataGenerator.Write(input, rows);

        var sales = session.Read.Option("header", "true").Schema(SalesDataGenerator.Ddl).Csv(input);
        var departments = session.CreateDataFrame(
            Common.Types.Schema.ParseDdl("category string, department string"),
            SalesDataGenerator.Categories.Select((c, i) => new object?[] { c, i % 3 == 0 ? "media" : i % 3 == 1 ? "home" : "leisure" }).ToArray());

        var report = sales
            .Where(Col("quantity") > 1)
            .WithColumn("revenue", Col("price") * Col("quantity"))
            .Join(departments, "category")
            .GroupBy("department", "category")
            .Agg(Count().Alias("orders"), Sum(Col("revenue")).Alias("revenue"), Avg(Col("price")).Alias("avg_price"), CountDistinct(Col("customer_id")).Alias("customers"))
            .WithColumn("revenue", Round(Col("revenue"), 2))
            .WithColumn("avg_price", Round(Col("avg_price"), 2))
            .OrderBy(Col("revenue").Desc());

        output.WriteLine($"Kiln example 'sales': {rows:N0} generated orders in {input}, master {session.Conf.Get(Common.Config.ConfigKeys.Master)}");
        output.Write(report.ShowString(10));
        var written = report.Write.Mode("overwrite").Option("header", "true").Csv(Path.Combine(dir, "report"));
        output.WriteLine($"wrote {written.Files.Count} part file(s) and _SUCCESS to {written.Path}");
        File.Delete(input);
        return 0;
    }
}
