using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Sort;

/// <summary>
/// Builds one batch from rows scattered over several source batches of one schema: output row k is row
/// <c>rows[k]</c> of <c>sources[sourceIndex[k]]</c>. One typed pass per column, no per-row objects; used by the
/// sorter's output, the merge and the shuffle writer.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class BatchGather
{
    public static RecordBatch Gather(Schema schema, IReadOnlyList<RecordBatch> sources, ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sources);
        if (sourceIndex.Length != rows.Length)
        {
            throw new ArgumentException("sourceIndex and rows must have the same length", nameof(rows));
        }

        if (sources.Count == 1)
        {
            return sources[0].Gather(rows);
        }

        var columns = new ColumnVector[schema.Count];
        var vectors = new ColumnVector[sources.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            for (var s = 0; s < vectors.Length; s++)
            {
                vectors[s] = sources[s].Columns[c];
            }

            columns[c] = GatherColumn(schema[c].Type, vectors, sourceIndex, rows);
        }

        return new RecordBatch(schema, columns, rows.Length);
    }

    public static ColumnVector GatherColumn(DataType type, ColumnVector[] vectors, ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(vectors);
        var validity = GatherValidity(vectors, sourceIndex, rows);
        return vectors.Length == 0 ? VectorBuilder.Create(type, 4).Build() : vectors[0] switch
        {
            PrimitiveVector<long> => Primitive<long>(type, vectors, sourceIndex, rows, validity),
            PrimitiveVector<int> => Primitive<int>(type, vectors, sourceIndex, rows, validity),
            PrimitiveVector<double> => Primitive<double>(type, vectors, sourceIndex, rows, validity),
            PrimitiveVector<Int128> => Primitive<Int128>(type, vectors, sourceIndex, rows, validity),
            PrimitiveVector<bool> => Primitive<bool>(type, vectors, sourceIndex, rows, validity),
            StringVector => Strings(vectors, sourceIndex, rows, validity),
            _ => throw new NotSupportedException($"cannot gather a {type} column ({vectors[0].GetType().Name})"),
        };
    }

    private static PrimitiveVector<T> Primitive<T>(DataType type, ColumnVector[] vectors, ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> rows, ValidityBitmap? validity)
        where T : unmanaged
    {
        var arrays = new T[vectors.Length][];
        for (var s = 0; s < arrays.Length; s++)
        {
            arrays[s] = ((PrimitiveVector<T>)vectors[s]).RawValues;
        }

        var result = new T[rows.Length];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = arrays[sourceIndex[k]][rows[k]];
        }

        return new PrimitiveVector<T>(type, result, validity);
    }

    private static StringVector Strings(ColumnVector[] vectors, ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> rows, ValidityBitmap? validity)
    {
        var offsetArrays = new int[vectors.Length][];
        var dataArrays = new byte[vectors.Length][];
        for (var s = 0; s < vectors.Length; s++)
        {
            var v = (StringVector)vectors[s];
            offsetArrays[s] = v.RawOffsets;
            dataArrays[s] = v.RawData;
        }

        var offsets = new int[rows.Length + 1];
        var total = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var o = offsetArrays[sourceIndex[k]];
            total = checked(total + o[rows[k] + 1] - o[rows[k]]);
            offsets[k + 1] = total;
        }

        var data = new byte[total];
        for (var k = 0; k < rows.Length; k++)
        {
            var s = sourceIndex[k];
            var start = offsetArrays[s][rows[k]];
            var length = offsets[k + 1] - offsets[k];
            if (length > 0)
            {
                Buffer.BlockCopy(dataArrays[s], start, data, offsets[k], length);
            }
        }

        return new StringVector(offsets, data, rows.Length, validity);
    }

    private static ValidityBitmap? GatherValidity(ColumnVector[] vectors, ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> rows)
    {
        var any = false;
        foreach (var v in vectors)
        {
            any |= v.HasNulls;
        }

        if (!any)
        {
            return null;
        }

        var result = new ValidityBitmap(rows.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            if (vectors[sourceIndex[k]].Validity is { } v && !v.IsValid(rows[k]))
            {
                result.SetNull(k);
            }
        }

        return result;
    }
}
