using System.Globalization;
using Kiln.Common.Types;

namespace Kiln.Tests;

/// <summary>Deterministic test rows with NULLs, non-ASCII text, negative numbers and duplicates, plus a LINQ view of them for expected results.</summary>
public sealed record TestRow(int Id, int? Grp, string? Name, double? Amount, decimal? Price, DateOnly? Day)
{
    public static readonly Schema Schema = Schema.ParseDdl("id int, grp int, name string, amount double, price decimal(10,2), day date");

    public static IReadOnlyList<TestRow> Generate(int count, int seed = 7)
    {
        var random = new Random(seed);
        string[] names = ["ann", "bob", "cy", "dée", "eve", "zoë", "łukasz", "mo"];
        return Enumerable.Range(1, count).Select(i => new TestRow(
            i,
            random.Next(10) == 0 ? null : random.Next(-5, 45),
            random.Next(12) == 0 ? null : names[random.Next(names.Length)] + (i % 7),
            random.Next(9) == 0 ? null : Math.Round((random.NextDouble() * 200) - 50, 3),
            random.Next(8) == 0 ? null : Math.Round((decimal)random.Next(-100000, 100000) / 100m, 2),
            random.Next(11) == 0 ? null : new DateOnly(2019, 1, 1).AddDays(random.Next(0, 1500)))).ToList();
    }

    public object?[] Values => [Id, Grp, Name, Amount, Price, Day];

    public static string Csv(IEnumerable<TestRow> rows) =>
        "id,grp,name,amount,price,day\n" + string.Concat(rows.Select(r =>
            $"{r.Id},{r.Grp},{r.Name},{r.Amount?.ToString("R", CultureInfo.InvariantCulture)},{r.Price?.ToString(CultureInfo.InvariantCulture)},{r.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n"));
}
