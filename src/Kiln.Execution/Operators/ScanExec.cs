using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.DataSources;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;
using Kiln.DataSources.Json;
using Kiln.DataSources.Parquet;
using Kiln.Common.Vectors;
using Kiln.Execution.Planning;
using Kiln.Execution.Expressions;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Reads one file split per partition, decoding only <see cref="Columns"/> (indices into the data schema) and
/// applying the pushed-down <see cref="Filter"/> to each batch as soon as it is decoded. Partition columns (the last
/// fields of the data schema) are not in the files: their values come from the split's <c>col=value</c> directories.
/// Parquet readers also get the filter as a <see cref="DataSources.Filters.SourceFilter"/> to skip row groups.
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

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
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
        var fileCount = Source.FileColumnCount;
        var fileColumns = Columns.Where(c => c < fileCount).ToArray();
        var fileSchema = fileCount == Source.DataSchema.Count ? Source.DataSchema : new Schema(Source.DataSchema.Fields.Take(fileCount));
        var partitionValues = PartitionValuesOf(split);
        using IRecordBatchReader reader = Source.Format switch
        {
            "csv" => new CsvSplitReader(split, fileSchema, CsvOptions.Parse(Source.Options), context.BatchSize, fileColumns),
            "json" => new JsonLinesSplitReader(split, fileSchema, JsonOptions.Parse(Source.Options), context.BatchSize, fileColumns),
            "parquet" => new ParquetSplitReader(split, fileSchema, ParquetOptions.Parse(Source.Options), context.BatchSize, fileColumns, RowGroupFilter),
            _ => throw new NotSupportedException($"unknown format '{Source.Format}'"),
        };
        try
        {
            while (reader.ReadBatch(context.CancellationToken) is { } batch)
            {
                context.Metrics.RowsRead += batch.RowCount;
                yield return partitionValues is null ? batch.WithSchema(Schema) : WithPartitionColumns(batch, partitionValues);
            }
        }
        finally
        {
            if (reader is ParquetSplitReader parquet)
            {
                context.Metrics.RowGroupsRead += parquet.RowGroupsRead;
                context.Metrics.RowGroupsSkipped += parquet.RowGroupsSkipped;
                context.Metrics.ColumnChunksRead += parquet.ColumnChunksRead;
                context.Metrics.CorruptFilesSkipped += parquet.SkippedCorruptFile ? 1 : 0;
            }
        }
    }

    /// <summary>The filter in the data sources' terms, for Parquet row-group skipping; null when no part of it can be used.</summary>
    public DataSources.Filters.SourceFilter? RowGroupFilter =>
        Source.Format == "parquet" ? SourceFilterTranslator.Translate(Filter, Columns, Source.FileColumnCount) : null;

    private object?[]? PartitionValuesOf(FileSplit split)
    {
        if (Source.PartitionColumns.Count == 0)
        {
            return null;
        }

        var raw = DataSources.Files.PartitionPaths.ValuesOf(split.Path, Source.PartitionColumns);
        var fileCount = Source.FileColumnCount;
        return raw.Select((v, i) => PartitionValues.Parse(v, Source.DataSchema[fileCount + i].Type)).ToArray();
    }

    private RecordBatch WithPartitionColumns(RecordBatch fileBatch, object?[] partitionValues)
    {
        var fileCount = Source.FileColumnCount;
        var vectors = new ColumnVector[Columns.Count];
        for (int i = 0, k = 0; i < Columns.Count; i++)
        {
            var c = Columns[i];
            vectors[i] = c < fileCount
                ? fileBatch.Column(k++)
                : PartitionValues.Constant(Source.DataSchema[c].Type, partitionValues[c - fileCount], fileBatch.RowCount);
        }

        return new RecordBatch(Schema, vectors, fileBatch.RowCount);
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => this;

    public override string Describe() =>
        $"Scan {Source.Format} [{string.Join(", ", Schema.Names)}] splits={Splits.Count}" + (Filter is null ? "" : $" PushedFilter: {Filter}")
        + (RowGroupFilter is { } f ? $" RowGroupFilter: {f.Describe(i => Source.DataSchema[i].Name)}" : "")
        + (Source.PartitionColumns.Count == 0 ? "" : $" PartitionColumns: [{string.Join(", ", Source.PartitionColumns)}]");

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Source.Format);
        writer.WriteList(Source.Paths, writer.Write);
        writer.Write(Source.Options);
        writer.Write(Source.DataSchema);
        writer.WriteList(Source.PartitionColumns, writer.Write);
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
        var partitionColumns = reader.ReadList(reader.ReadString);
        var splits = reader.ReadList(() => new FileSplit(reader.ReadString(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong()));
        var columns = reader.ReadList(reader.ReadInt);
        var filter = reader.ReadOptionalExpr();
        return new ScanExec(new FileSourceInfo(format, paths, options, dataSchema) { PartitionColumns = partitionColumns }, splits, columns, filter, reader.ReadSchema());
    }
}
