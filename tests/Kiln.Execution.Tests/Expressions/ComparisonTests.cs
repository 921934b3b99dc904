using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class ComparisonTests
{
    private static readonly BinaryOp[] Ops =
        [BinaryOp.Equal, BinaryOp.NotEqual, BinaryOp.LessThan, BinaryOp.LessThanOrEqual, BinaryOp.GreaterThan, BinaryOp.GreaterThanOrEqual];

    public static TheoryData<int> Sizes => new() { 1, 7, 32, 33, 1000, 1025 };

    private static bool Reference(BinaryOp op, int c) => op switch
    {
        BinaryOp.Equal => c == 0,
        BinaryOp.NotEqual => c != 0,
        BinaryOp.LessThan => c < 0,
        BinaryOp.LessThanOrEqual => c <= 0,
        BinaryOp.GreaterThan => c > 0,
        _ => c >= 0,
    };

    private static int SparkCompare(double a, double b) =>
        double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a.CompareTo(b) is var c && a == b ? 0 : c;

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Int_and_long_comparisons_match_reference_with_nulls_and_tails(int n)
    {
        var rnd = new Random(n);
        var a = Enumerable.Range(0, n).Select(i => i % 11 == 3 ? null : (object?)rnd.Next(-5, 5)).ToArray();
        var b = Enumerable.Range(0, n).Select(i => i % 13 == 5 ? null : (object?)rnd.Next(-5, 5)).ToArray();
        var ints = Batch(Vec(DataType.Int32, a), Vec(DataType.Int32, b));
        var longs = Batch(Vec(DataType.Int64, a.Select(x => x is int i ? (object?)(long)i : null).ToArray()), Vec(DataType.Int64, b.Select(x => x is int i ? (object?)(long)i : null).ToArray()));
        foreach (var op in Ops)
        {
            var ri = Eval(Bin(op, Col(0, DataType.Int32), Col(1, DataType.Int32)), ints);
            var rl = Eval(Bin(op, Col(0, DataType.Int64), Col(1, DataType.Int64)), longs);
            var rs = Eval(Bin(op, Col(0, DataType.Int32), Lit(1)), ints);
            var rsFlipped = Eval(Bin(op, Lit(1), Col(0, DataType.Int32)), ints);
            for (var i = 0; i < n; i++)
            {
                var expected = a[i] is int x && b[i] is int y ? (object?)Reference(op, x.CompareTo(y)) : null;
                Assert.Equal(expected, ri[i]);
                Assert.Equal(expected, rl[i]);
                Assert.Equal(a[i] is int x1 ? Reference(op, x1.CompareTo(1)) : null, rs[i]);
                Assert.Equal(a[i] is int x2 ? Reference(op, 1.CompareTo(x2)) : null, rsFlipped[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Double_comparisons_treat_nan_as_equal_to_itself_and_largest(int n)
    {
        double[] pool = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.5, -1.5, double.MaxValue];
        var a = Enumerable.Range(0, n).Select(i => pool[i % pool.Length]).ToArray();
        var b = Enumerable.Range(0, n).Select(i => pool[(i * 3 / 2) % pool.Length]).ToArray();
        var batch = Batch(Vec(DataType.Float64, a.Cast<object?>().ToArray()), Vec(DataType.Float64, b.Cast<object?>().ToArray()));
        foreach (var op in Ops)
        {
            var r = Eval(Bin(op, Col(0, DataType.Float64), Col(1, DataType.Float64)), batch);
            var withNaN = Eval(Bin(op, Col(0, DataType.Float64), Lit(double.NaN)), batch);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(Reference(op, SparkCompare(a[i], b[i])), r[i]);
                Assert.Equal(Reference(op, SparkCompare(a[i], double.NaN)), withNaN[i]);
            }
        }
    }

    [Fact]
    public void Nan_specifics()
    {
        var nan = Eval1(c => Bin(BinaryOp.Equal, c, Lit(double.NaN)), DataType.Float64, double.NaN, 1.0);
        Assert.Equal(new object?[] { true, false }, nan);
        var gt = Eval1(c => Bin(BinaryOp.GreaterThan, c, Lit(double.PositiveInfinity)), DataType.Float64, double.NaN, double.PositiveInfinity);
        Assert.Equal(new object?[] { true, false }, gt);
        Assert.Equal(new object?[] { true }, Eval1(c => Bin(BinaryOp.Equal, c, Lit(-0.0)), DataType.Float64, 0.0));
    }

    [Fact]
    public void Null_safe_equal_is_never_null()
    {
        var batch = Batch(Vec(DataType.Int32, 1, null, null, 2), Vec(DataType.Int32, 1, null, 3, 5));
        var r = Eval(Bin(BinaryOp.NullSafeEqual, Col(0, DataType.Int32), Col(1, DataType.Int32)), batch);
        Assert.Equal(new object?[] { true, true, false, false }, r);
        var s = Eval(
            Bin(BinaryOp.NullSafeEqual, Col(0, DataType.String), Col(1, DataType.String)),
            Batch(Vec(DataType.String, "a", null, null, "b"), Vec(DataType.String, "a", null, "x", "c")));
        Assert.Equal(new object?[] { true, true, false, false }, s);
        var withNull = Eval1(c => Bin(BinaryOp.NullSafeEqual, c, Null(DataType.Float64)), DataType.Float64, 1.0, null);
        Assert.Equal(new object?[] { false, true }, withNull);
        var values = Enumerable.Range(0, 300).Select(i => i % 4 == 0 ? null : (object?)(long)(i % 3)).ToArray();
        var scalar = Eval1(c => Bin(BinaryOp.NullSafeEqual, Lit(1L), c), DataType.Int64, values);
        Assert.Equal(values.Select(v => (object?)(v is 1L)).ToArray(), scalar);
    }

    [Fact]
    public void Strings_compare_by_code_point()
    {
        var batch = Batch(Vec(DataType.String, "a", "B", "é", "abc", "", null), Vec(DataType.String, "b", "a", "z", "abc", "a", "x"));
        Assert.Equal(new object?[] { true, true, false, false, true, null }, Eval(Bin(BinaryOp.LessThan, Col(0, DataType.String), Col(1, DataType.String)), batch));
        Assert.Equal(new object?[] { false, false, false, true, false, null }, Eval(Bin(BinaryOp.Equal, Col(0, DataType.String), Col(1, DataType.String)), batch));
        Assert.Equal(new object?[] { true, true, true, false, true, null }, Eval(Bin(BinaryOp.NotEqual, Col(0, DataType.String), Col(1, DataType.String)), batch));
    }

    [Fact]
    public void Decimals_booleans_dates_and_timestamps_compare()
    {
        var dec = DataType.Decimal(10, 2);
        Assert.Equal(new object?[] { true, false, null }, Eval1(c => Bin(BinaryOp.GreaterThan, c, Lit(1.50m) with { DataType = dec }), dec, 1.51m, -3m, null));
        Assert.Equal(new object?[] { true, false }, Eval1(c => Bin(BinaryOp.LessThan, c, Lit(true)), DataType.Boolean, false, true));
        var d = new DateOnly(2000, 2, 29);
        Assert.Equal(new object?[] { false, true }, Eval1(c => Bin(BinaryOp.LessThanOrEqual, c, Lit(d)), DataType.Date, d.AddDays(1), d));
        var t = new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc);
        Assert.Equal(new object?[] { true }, Eval1(c => Bin(BinaryOp.Equal, c, Lit(t)), DataType.Timestamp, t));
    }
}
