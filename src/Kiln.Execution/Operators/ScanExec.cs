using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.DataSources;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;
using Kiln.DataSources.Json;
using Kiln.Execution.Expressions;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Reads one file split per partition, decoding only <see cref="Columns"/> (indices into the file schema) and
/// applying the pushed-down <see cref="Filter"/> to each batch as soon as it is decoded.
/// </summary>
public sealed class ScanExec : ExecNode
{
    public ScanExec(FileSourceInfo source, IReadOnlyList<FileSplit> splits, IReadOnlyList<int> columns, Expr? filter, Schema schema)
    {
        Source = source;
        Splits = splits;
        Columns = columns;
        Filter = filter;
        Schema = schema;
    }

    public FileSourceInfo Source { get; }

    public IReadOnlyList<FileSplit> Splits { get; }

    public IReadOnlyList<int> Columns { get; }

    /// <summary>Pushed-down predicate, bound to this scan's output columns.</summary>
    public Expr? Filter { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => NoChildren;

    public override int PartitionCount => Math.Max(1, Splits.Count);

    public override IEnumerable<RecordBatch> Execute(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Splits.Count == 0)
        {
            return [];
        }

        var batches = Read(Splits[partition], context);
        return Filter is null ? batches : FilterExec.Apply(ExpressionEvaluator.Compile(Filter), batches);
    }

    private IEnumerable<RecordBatch> Read(FileSplit split, TaskContext context)
    {
        using IRecordBatchReader reader = Source.Format switch
        {
            "csv" => new CsvSplitReader(split, Source.DataSchema, CsvOptions.Parse(Source.Options), context.BatchSize, Columns),
            "json" => new JsonLinesSplitReader(split, Source.DataSchema, JsonOptions.Parse(Source.Options), context.BatchSize, Columns),
            _ => throw new NotSupportedException($"unknown format '{Source.Format}'"),
        };
        while (reader.ReadBatch(context.CancellationToken) is { } batch)
        {
            context.Metrics.RowsRead += batch.RowCount;
            yield return batch.WithSchema(Schema);
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => this;

    public override string Describe() =>
        $"Scan {Source.Format} [{string.Join(", ", Schema.Names)}] splits={Splits.Count}" + (Filter is null ? "" : $" PushedFilter: {Filter}");

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Source.Format);
        writer.WriteList(Source.Paths, writer.Write);
        writer.Write(Source.Options);
        writer.Write(Source.DataSchema);
        writer.WriteList(Splits, s =>
        {
            writer.Write(s.Path);
            writer.Write(s.Start);
            writer.Write(s.Length);
            writer.Write(s.FileLength);
        });
        writer.WriteList(Columns, writer.Write);
        writer.WriteOptional(Filter);
        writer.Write(Schema);
    }

    public static ScanExec Read(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var format = reader.ReadString();
        var paths = reader.ReadList(reader.ReadString);
        var options = reader.ReadMap();
        var dataSchema = reader.ReadSchema();
        var splits = reader.ReadList(() => new FileSplit(reader.ReadString(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong()));
        var columns = reader.ReadList(reader.ReadInt);
        var filter = reader.ReadOptionalExpr();
        return new ScanExec(new FileSourceInfo(format, paths, options, dataSchema), splits, columns, filter, reader.ReadSchema());
    }
}
