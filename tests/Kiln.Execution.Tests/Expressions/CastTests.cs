using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class CastTests
{
    private static object?[] Cast(DataType from, DataType to, params object?[] values) =>
        Eval1(c => new CastExpr(c, to), from, values);

    [Fact]
    public void String_to_integers_trims_truncates_fractions_and_nulls_garbage()
    {
        Assert.Equal(
            new object?[] { 12, -7, 3, null, null, null, int.MaxValue, null, null },
            Cast(DataType.String, DataType.Int32, " 12 ", "-7", "3.99", "abc", "", "2147483648", "2147483647", null, "1 2"));
        Assert.Equal(
            new object?[] { long.MinValue, null, 42L },
            Cast(DataType.String, DataType.Int64, "-9223372036854775808", "9223372036854775808", "+42"));
    }

    [Fact]
    public void String_to_double_and_boolean()
    {
        var d = Cast(DataType.String, DataType.Float64, "1.5", " -2e3 ", "NaN", "Infinity", "-Infinity", "x", "1.5d");
        Assert.Equal(new object?[] { 1.5, -2000.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, null, 1.5 }, d);
        var b = Cast(DataType.String, DataType.Boolean, "true", "FALSE", " t ", "f", "yes", "no", "1", "0", "maybe", "");
        Assert.Equal(new object?[] { true, false, true, false, true, false, true, false, null, null }, b);
    }

    [Fact]
    public void String_to_decimal_rounds_half_up_and_nulls_overflow()
    {
        var t = DataType.Decimal(5, 2);
        var r = Cast(DataType.String, t, "1.005", "-1.005", "123.454", "999.995", "1e2", ".5", "abc", "12345678901234567890123456789012345678901234", " 0.00 ");
        Assert.Equal(new object?[] { 1.01m, -1.01m, 123.45m, null, 100m, 0.5m, null, null, 0m }, r);
    }

    [Fact]
    public void String_to_date_accepts_spark_forms()
    {
        var r = Cast(DataType.String, DataType.Date, "2024-02-29", "2023-02-29", "2020-1-5", "2021", "2021-07", "2020-03-04 12:34:56", "2020-03-04T10:00", "1900-01-01", "20200101", "x");
        Assert.Equal(
            new object?[]
            {
                new DateOnly(2024, 2, 29), null, new DateOnly(2020, 1, 5), new DateOnly(2021, 1, 1), new DateOnly(2021, 7, 1),
                new DateOnly(2020, 3, 4), new DateOnly(2020, 3, 4), new DateOnly(1900, 1, 1), null, null,
            },
            r);
    }

    [Fact]
    public void String_to_timestamp_handles_fractions_and_zones()
    {
        var r = Cast(DataType.String, DataType.Timestamp, "2020-03-04 05:06:07", "2020-03-04T05:06:07.123456Z", "2020-03-04 05:06:07+02:00", "2020-03-04", "1969-12-31 23:59:59.5", "2020-03-04 25:00:00");
        Assert.Equal(new DateTime(2020, 3, 4, 5, 6, 7, DateTimeKind.Utc), r[0]);
        Assert.Equal(new DateTime(2020, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1_234_560), r[1]);
        Assert.Equal(new DateTime(2020, 3, 4, 3, 6, 7, DateTimeKind.Utc), r[2]);
        Assert.Equal(new DateTime(2020, 3, 4, 0, 0, 0, DateTimeKind.Utc), r[3]);
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddMilliseconds(500), r[4]);
        Assert.Null(r[5]);
    }

    [Fact]
    public void Values_to_string()
    {
        Assert.Equal(new object?[] { "-12", "0", null }, Cast(DataType.Int32, DataType.String, -12, 0, null));
        Assert.Equal(new object?[] { "1.0", "0.1", "NaN", "-Infinity", "1E+20" }, Cast(DataType.Float64, DataType.String, 1.0, 0.1, double.NaN, double.NegativeInfinity, 1e20));
        Assert.Equal(new object?[] { "1.50", "-0.05", "0.00", "-123.45" }, Cast(DataType.Decimal(5, 2), DataType.String, 1.5m, -0.05m, 0m, -123.45m));
        Assert.Equal(new object?[] { "1969-12-31", "2000-02-29", "0001-01-01" }, Cast(DataType.Date, DataType.String, new DateOnly(1969, 12, 31), new DateOnly(2000, 2, 29), new DateOnly(1, 1, 1)));
        var ts = new DateTime(1969, 12, 31, 23, 59, 58, DateTimeKind.Utc);
        Assert.Equal(
            new object?[] { "1969-12-31 23:59:58", "1969-12-31 23:59:58.25", "2024-01-02 03:04:05.000001" },
            Cast(DataType.Timestamp, DataType.String, ts, ts.AddMilliseconds(250), new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(10)));
        Assert.Equal(new object?[] { "true", "false" }, Cast(DataType.Boolean, DataType.String, true, false));
    }

    [Fact]
    public void Timestamp_strings_match_the_common_formatter()
    {
        var ts = new DateTime(2001, 9, 9, 1, 46, 40, DateTimeKind.Utc).AddTicks(1230);
        Assert.Equal(Kiln.Common.Vectors.ScalarValues.FormatTimestamp(ts), Cast(DataType.Timestamp, DataType.String, ts)[0]);
    }

    [Fact]
    public void Double_to_integers_truncates_and_saturates()
    {
        Assert.Equal(
            new object?[] { 1, -1, 0, int.MaxValue, int.MinValue, null },
            Cast(DataType.Float64, DataType.Int32, 1.9, -1.9, double.NaN, 1e20, double.NegativeInfinity, null));
        Assert.Equal(new object?[] { long.MaxValue, 3L }, Cast(DataType.Float64, DataType.Int64, 1e30, 3.7));
    }

    [Fact]
    public void Integer_narrowing_wraps()
    {
        Assert.Equal(new object?[] { -2147483648, 5 }, Cast(DataType.Int64, DataType.Int32, 2147483648L, 5L));
        Assert.Equal(new object?[] { 5L, -1L }, Cast(DataType.Int32, DataType.Int64, 5, -1));
        Assert.Equal(new object?[] { 5.0 }, Cast(DataType.Int32, DataType.Float64, 5));
    }

    [Fact]
    public void Decimal_conversions()
    {
        var d52 = DataType.Decimal(5, 2);
        Assert.Equal(new object?[] { 1.3m, -1.3m, null }, Cast(DataType.Decimal(6, 3), DataType.Decimal(2, 1), 1.25m, -1.25m, 10m));
        Assert.Equal(new object?[] { 1.50m, null }, Cast(DataType.Decimal(2, 1), d52, 1.5m, null));
        Assert.Equal(new object?[] { 12.00m, null }, Cast(DataType.Int32, d52, 12, 1000));
        Assert.Equal(new object?[] { 0.10m, 1.01m, null, null }, Cast(DataType.Float64, d52, 0.1, 1.005, double.NaN, 1e10));
        Assert.Equal(new object?[] { 1, -1 }, Cast(d52, DataType.Int32, 1.99m, -1.99m));
        Assert.Equal(new object?[] { 0.1, -123.45 }, Cast(d52, DataType.Float64, 0.1m, -123.45m));
        Assert.Equal(new object?[] { 7L }, Cast(d52, DataType.Int64, 7.5m));
    }

    [Fact]
    public void Boolean_and_numeric_conversions()
    {
        Assert.Equal(new object?[] { 1, 0 }, Cast(DataType.Boolean, DataType.Int32, true, false));
        Assert.Equal(new object?[] { 1.0 }, Cast(DataType.Boolean, DataType.Float64, true));
        Assert.Equal(new object?[] { 1.00m }, Cast(DataType.Boolean, DataType.Decimal(3, 2), true));
        Assert.Equal(new object?[] { true, false, true }, Cast(DataType.Float64, DataType.Boolean, 0.5, 0.0, double.NaN));
        Assert.Equal(new object?[] { false, true }, Cast(DataType.Decimal(3, 2), DataType.Boolean, 0m, 0.01m));
    }

    [Fact]
    public void Dates_timestamps_and_epoch_seconds()
    {
        var before = new DateTime(1969, 12, 31, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new object?[] { new DateOnly(1969, 12, 31) }, Cast(DataType.Timestamp, DataType.Date, before));
        Assert.Equal(new object?[] { new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc) }, Cast(DataType.Date, DataType.Timestamp, new DateOnly(1969, 12, 31)));
        Assert.Equal(new object?[] { -43200L, -1L }, Cast(DataType.Timestamp, DataType.Int64, before, new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddMilliseconds(500)));
        Assert.Equal(new object?[] { new DateTime(1970, 1, 1, 0, 1, 40, DateTimeKind.Utc) }, Cast(DataType.Int64, DataType.Timestamp, 100L));
    }

    [Fact]
    public void Null_typed_input_casts_to_all_null()
    {
        var r = Eval(new CastExpr(Literal.Null, DataType.Int32), Batch(Vec(DataType.Int32, 1, 2)));
        Assert.Equal(new object?[] { null, null }, r);
    }
}
