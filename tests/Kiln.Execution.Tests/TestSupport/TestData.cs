using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Tests.TestSupport;

/// <summary>Random batches with nulls, duplicates and awkward values, plus an oracle row order over CLR values.</summary>
internal static class TestData
{
    public static readonly DataType[] AllTypes =
    [
        DataType.Boolean, DataType.Int32, DataType.Int64, DataType.Float64, DataType.Decimal(20, 2),
        DataType.String, DataType.Date, DataType.Timestamp,
    ];

    private static readonly string[] Words = ["", "a", "ab", "abc", "abd", "b", "zeta", "é", "éclair", "日本", "abcdefgh", "abcdefghi", "abcdefgh\0"];

    public static RecordBatch RandomBatch(Schema schema, int rows, Random rng, double nullFraction = 0.1, int distinct = 50)
    {
        var columns = new ColumnVector[schema.Count];
        for (var c = 0; c < schema.Count; c++)
        {
            var builder = VectorBuilder.Create(schema[c].Type, rows);
            for (var r = 0; r < rows; r++)
            {
                if (schema[c].Nullable && rng.NextDouble() < nullFraction)
                {
                    builder.AppendNull();
                }
                else
                {
                    AppendRandom(builder, schema[c].Type, rng, distinct);
                }
            }

            columns[c] = builder.Build();
        }

        return new RecordBatch(schema, columns, rows);
    }

    /// <summary>A schema of the given key types followed by a non-null unique bigint id (set by <see cref="WithIds"/>).</summary>
    public static Schema SchemaOf(params DataType[] types) =>
        new(types.Select((t, i) => new Field($"c{i}", t)).Append(new Field("id", DataType.Int64, Nullable: false)));

    public static RecordBatch WithIds(RecordBatch batch, long firstId)
    {
        var ids = new long[batch.RowCount];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = firstId + i;
        }

        var columns = batch.Columns.ToArray();
        columns[^1] = new PrimitiveVector<long>(DataType.Int64, ids);
        return new RecordBatch(batch.Schema, columns, batch.RowCount);
    }

    public static List<RecordBatch> RandomBatches(Schema schema, int batches, int rowsPerBatch, Random rng, double nullFraction = 0.1, int distinct = 50)
    {
        var result = new List<RecordBatch>();
        long id = 0;
        for (var b = 0; b < batches; b++)
        {
            var rows = rng.Next(0, rowsPerBatch + 1);
            result.Add(WithIds(RandomBatch(schema, rows, rng, nullFraction, distinct), id));
            id += rows;
        }

        return result;
    }

    public static List<object?[]> Rows(IEnumerable<RecordBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.RowCount).Select(b.GetRow)).ToList();

    private static void AppendRandom(VectorBuilder builder, DataType type, Random rng, int distinct)
    {
        switch (type.Id)
        {
            case TypeId.Boolean:
                ((PrimitiveVectorBuilder<bool>)builder).Append(rng.Next(2) == 1);
                break;
            case TypeId.Int32 or TypeId.Date:
                var i = rng.Next(5) == 0 ? (rng.Next(2) == 0 ? int.MinValue : int.MaxValue) : rng.Next(-distinct, distinct);
                ((PrimitiveVectorBuilder<int>)builder).Append(type.Id == TypeId.Date ? i % 1_000_000 : i);
                break;
            case TypeId.Int64 or TypeId.Timestamp:
                var l = rng.Next(6) switch
                {
                    0 => long.MinValue,
                    1 => long.MaxValue,
                    _ => rng.NextInt64(-distinct, distinct) * 1_000_000_007L,
                };
                ((PrimitiveVectorBuilder<long>)builder).Append(type.Id == TypeId.Timestamp ? l % 200_000_000_000_000_000L : l);
                break;
            case TypeId.Float64:
                ((PrimitiveVectorBuilder<double>)builder).Append(rng.Next(10) switch
                {
                    0 => double.NaN,
                    1 => -0.0,
                    2 => 0.0,
                    3 => double.PositiveInfinity,
                    4 => double.NegativeInfinity,
                    5 => BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000001UL)),
                    _ => rng.Next(-distinct, distinct) / 4.0,
                });
                break;
            case TypeId.Decimal:
                var big = rng.Next(4) == 0 ? (Int128)long.MaxValue * rng.Next(-1000, 1000) : rng.Next(-distinct, distinct);
                ((PrimitiveVectorBuilder<Int128>)builder).Append(big);
                break;
            case TypeId.String:
                ((StringVectorBuilder)builder).Append(rng.Next(3) == 0 ? Words[rng.Next(Words.Length)] + rng.Next(distinct) : Words[rng.Next(Words.Length)]);
                break;
            default:
                throw new NotSupportedException(type.ToString());
        }
    }

    /// <summary>The expected order of two CLR values of a column, per Spark's semantics, ascending, non-null.</summary>
    public static int CompareValues(object x, object y) => (x, y) switch
    {
        (double a, double b) => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a == b ? 0 : a < b ? -1 : 1,
        (string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)),
        (IComparable a, _) => a.CompareTo(y),
        _ => throw new NotSupportedException(x.GetType().Name),
    };

    public static int CompareRows(object?[] x, object?[] y, IReadOnlyList<Kiln.Execution.Sort.SortKeySpec> keys)
    {
        foreach (var k in keys)
        {
            var a = x[k.Column];
            var b = y[k.Column];
            int c;
            if (a is null || b is null)
            {
                c = a is null && b is null ? 0 : (a is null) == k.NullsFirst ? -1 : 1;
            }
            else
            {
                c = CompareValues(a, b);
                c = k.Ascending ? c : -c;
            }

            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return 0;
    }
}
