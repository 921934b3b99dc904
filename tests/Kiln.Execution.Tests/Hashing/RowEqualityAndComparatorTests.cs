using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Hashing;
using Kiln.Execution.Sort;

namespace Kiln.Execution.Tests.Hashing;

public sealed class RowEqualityAndComparatorTests
{
    private static RecordBatch Doubles(params double?[] values)
    {
        var b = (PrimitiveVectorBuilder<double>)VectorBuilder.Create(DataType.Float64);
        foreach (var v in values)
        {
            if (v is { } d)
            {
                b.Append(d);
            }
            else
            {
                b.AppendNull();
            }
        }

        return new RecordBatch(new Schema(new Field("d", DataType.Float64)), [b.Build()], values.Length);
    }

    [Fact]
    public void Nulls_equal_each_other_only_when_grouping()
    {
        var batch = Doubles(null, null, 1.0);
        Assert.True(RowEquality.KeysEqual(batch, 0, [0], batch, 1, [0], nullsEqual: true));
        Assert.False(RowEquality.KeysEqual(batch, 0, [0], batch, 1, [0], nullsEqual: false));
        Assert.False(RowEquality.KeysEqual(batch, 0, [0], batch, 2, [0], nullsEqual: true));
    }

    [Fact]
    public void Doubles_compare_equal_after_normalization_for_keys()
    {
        var batch = Doubles(0.0, -0.0, double.NaN, -double.NaN);
        Assert.True(RowEquality.KeysEqual(batch, 0, [0], batch, 1, [0], nullsEqual: false));
        Assert.True(RowEquality.KeysEqual(batch, 2, [0], batch, 3, [0], nullsEqual: false));
        Assert.False(RowEquality.KeysEqual(batch, 0, [0], batch, 2, [0], nullsEqual: false));
    }

    [Fact]
    public void Vectorized_probe_check_matches_row_by_row_equality()
    {
        var schema = new Schema(new Field("k", DataType.Int64), new Field("s", DataType.String));
        var strings = new StringVectorBuilder();
        foreach (var s in new[] { "a", "b", "a", "c" })
        {
            strings.Append(s);
        }

        var batch = new RecordBatch(schema, [new PrimitiveVector<long>(DataType.Int64, [1L, 1L, 1L, 2L]), strings.Build()], 4);
        int[] rowsA = [0, 0, 1, 3];
        int[] rowsB = [2, 1, 1, 0];
        var equal = new bool[4];
        Array.Fill(equal, true);
        RowEquality.AndEqual(batch.Columns[0], rowsA, batch.Columns[0], rowsB, equal, nullsEqual: false);
        RowEquality.AndEqual(batch.Columns[1], rowsA, batch.Columns[1], rowsB, equal, nullsEqual: false);
        Assert.Equal([true, false, true, false], equal);
    }

    [Fact]
    public void NaN_is_greatest_and_negative_zero_equals_zero()
    {
        var batch = Doubles(double.NaN, double.PositiveInfinity, -0.0, 0.0, null);
        var asc = new RowComparator([SortKeySpec.Asc(0)]);
        Assert.True(asc.Compare(batch, 0, batch, 1) > 0);
        Assert.Equal(0, asc.Compare(batch, 2, batch, 3));
        Assert.True(asc.Compare(batch, 4, batch, 1) < 0, "nulls first when ascending by default");
        var desc = new RowComparator([SortKeySpec.Desc(0)]);
        Assert.True(desc.Compare(batch, 0, batch, 1) < 0);
        Assert.True(desc.Compare(batch, 4, batch, 0) > 0, "nulls last when descending by default");
    }

    [Fact]
    public void Strings_order_by_utf8_bytes()
    {
        var b = new StringVectorBuilder();
        foreach (var s in new[] { "\uFF61", "\U0001F600", "a", "ab" })
        {
            b.Append(s);
        }

        var batch = new RecordBatch(new Schema(new Field("s", DataType.String)), [b.Build()], 4);
        var cmp = new RowComparator([SortKeySpec.Asc(0)]);
        // UTF-16 ordinal would put the surrogate pair (0xD83D) before U+FF61; UTF-8 bytes put it after (F0 > EF).
        Assert.True(cmp.Compare(batch, 0, batch, 1) < 0);
        Assert.True(cmp.Compare(batch, 2, batch, 3) < 0);
    }
}
