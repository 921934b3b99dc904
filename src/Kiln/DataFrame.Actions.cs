using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln;

public sealed partial class DataFrame
{
    public DataFrameWriter Write => new(this);

    /// <summary>Runs the query and returns all rows to the driver.</summary>
    public IReadOnlyList<Row> Collect() => CollectAsync(CancellationToken.None).GetAwaiter().GetResult();

    public async Task<IReadOnlyList<Row>> CollectAsync(CancellationToken cancellationToken)
    {
        var batches = await CollectBatchesAsync(cancellationToken).ConfigureAwait(false);
        var schema = Schema;
        var rows = new List<Row>(batches.Sum(b => b.RowCount));
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                rows.Add(new Row(schema, batch.GetRow(r)));
            }
        }

        return rows;
    }

    /// <summary>Runs the query and returns its columnar batches, in order.</summary>
    public Task<IReadOnlyList<RecordBatch>> CollectBatchesAsync(CancellationToken cancellationToken) =>
        Session.Engine.CollectAsync(Plan, cancellationToken);

    public long Count()
    {
        var counted = With(new Aggregate([], [new Alias(new AggregateExpr(AggregateFunction.Count, null), "count")], Plan));
        return counted.Collect()[0].Get<long>(0);
    }

    public IReadOnlyList<Row> Take(int n) => Limit(n).Collect();

    public Row? First() => Take(1) is { Count: > 0 } rows ? rows[0] : null;

    /// <summary>Prints the first <paramref name="n"/> rows as a table, as Spark's show().</summary>
    public void Show(int n = 20, bool truncate = true) => Console.Write(ShowString(n, truncate));

    public string ShowString(int n = 20, bool truncate = true)
    {
        var rows = Take(n + 1);
        var shown = rows.Take(n).ToList();
        var schema = Schema;
        var cells = shown.Select(r => r.Values.Select((v, i) => Cell(v, i)).ToArray()).ToList();
        var widths = schema.Fields.Select((f, i) => Math.Max(f.Name.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var sb = new StringBuilder();
        var line = "+" + string.Join("+", widths.Select(w => new string('-', w))) + "+\n";
        sb.Append(line);
        sb.Append('|').Append(string.Join("|", schema.Fields.Select((f, i) => f.Name.PadLeft(widths[i])))).Append("|\n");
        sb.Append(line);
        foreach (var c in cells)
        {
            sb.Append('|').Append(string.Join("|", c.Select((v, i) => v.PadLeft(widths[i])))).Append("|\n");
        }

        sb.Append(line);
        if (rows.Count > n)
        {
            sb.Append($"only showing top {n} row{(n == 1 ? "" : "s")}\n");
        }

        return sb.ToString();

        string Cell(object? value, int column)
        {
            var text = value is null ? "NULL" : ScalarValues.Format(value, schema[column].Type);
            return truncate && text.Length > 20 ? text[..17] + "..." : text;
        }
    }

    /// <summary>The logical plan, the optimized plan and the physical plan with its exchanges.</summary>
    public string ExplainString(bool extended = true)
    {
        var (optimized, physical) = Session.Engine.Prepare(Plan);
        var sb = new StringBuilder();
        if (extended)
        {
            sb.Append("== Logical Plan ==\n").Append(Plan.TreeString()).Append('\n');
            sb.Append("== Optimized Logical Plan ==\n").Append(optimized.TreeString()).Append('\n');
        }

        sb.Append("== Physical Plan ==\n").Append(physical.TreeString());
        return sb.ToString();
    }

    public void Explain(bool extended = true) => Console.Write(ExplainString(extended));

    public void PrintSchema()
    {
        Console.WriteLine("root");
        foreach (var f in Schema.Fields)
        {
            Console.WriteLine($" |-- {f.Name}: {f.Type} (nullable = {(f.Nullable ? "true" : "false")})");
        }
    }
}
