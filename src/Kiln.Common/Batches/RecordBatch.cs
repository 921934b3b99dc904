using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Common.Batches;

/// <summary>
/// The unit of data flowing between operators: a schema and one vector per field, all of
/// <see cref="RowCount"/> rows. Immutable.
/// </summary>
public sealed class RecordBatch
{
    public RecordBatch(Schema schema, IReadOnlyList<ColumnVector> columns, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != schema.Count)
        {
            throw new ArgumentException($"batch has {columns.Count} columns but its schema has {schema.Count}", nameof(columns));
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length != rowCount)
            {
                throw new ArgumentException($"column {schema[i].Name} has {columns[i].Length} rows, expected {rowCount}", nameof(columns));
            }
        }

        Schema = schema;
        Columns = columns;
        RowCount = rowCount;
    }

    public Schema Schema { get; }

    public IReadOnlyList<ColumnVector> Columns { get; }

    public int RowCount { get; }

    public ColumnVector Column(int index) => Columns[index];

    public long EstimatedBytes => Columns.Sum(c => c.EstimatedBytes);

    public static RecordBatch Empty(Schema schema) =>
        new(schema, schema.Fields.Select(f => VectorBuilder.Create(f.Type, 4).Build()).ToArray(), 0);

    public RecordBatch Gather(ReadOnlySpan<int> indices)
    {
        var columns = new ColumnVector[Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = Columns[i].Gather(indices);
        }

        return new RecordBatch(Schema, columns, indices.Length);
    }

    public RecordBatch Slice(int offset, int length)
    {
        if (offset == 0 && length == RowCount)
        {
            return this;
        }

        return new RecordBatch(Schema, Columns.Select(c => c.Slice(offset, length)).ToArray(), length);
    }

    /// <summary>The same columns under another schema of the same shape (renames, nullability).</summary>
    public RecordBatch WithSchema(Schema schema) => new(schema, Columns, RowCount);

    /// <summary>Concatenates batches of one schema into one batch.</summary>
    public static RecordBatch Concat(Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 1)
        {
            return batches[0];
        }

        var total = batches.Sum(b => b.RowCount);
        var columns = new ColumnVector[schema.Count];
        for (var c = 0; c < schema.Count; c++)
        {
            var builder = VectorBuilder.Create(schema[c].Type, total);
            foreach (var batch in batches)
            {
                var source = batch.Columns[c];
                for (var r = 0; r < batch.RowCount; r++)
                {
                    builder.AppendFrom(source, r);
                }
            }

            columns[c] = builder.Build();
        }

        return new RecordBatch(schema, columns, total);
    }

    public object?[] GetRow(int row)
    {
        var values = new object?[Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Columns[i].GetValue(row);
        }

        return values;
    }
}
