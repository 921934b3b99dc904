using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class DateFunctionTests
{
    [Fact]
    public void Year_month_day_match_the_calendar_across_leap_years_and_before_1970()
    {
        var dates = new List<object?>();
        for (var d = new DateOnly(1599, 12, 25); d < new DateOnly(2401, 3, 5); d = d.AddDays(13))
        {
            dates.Add(d);
        }

        dates.AddRange([new DateOnly(1900, 2, 28), new DateOnly(2000, 2, 29), new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31), new DateOnly(1969, 12, 31), null]);
        var input = dates.ToArray();
        var years = Eval1(c => Fn("year", DataType.Int32, c), DataType.Date, input);
        var months = Eval1(c => Fn("month", DataType.Int32, c), DataType.Date, input);
        var days = Eval1(c => Fn("day", DataType.Int32, c), DataType.Date, input);
        for (var i = 0; i < input.Length; i++)
        {
            var d = (DateOnly?)input[i];
            Assert.Equal(d?.Year, (int?)years[i]);
            Assert.Equal(d?.Month, (int?)months[i]);
            Assert.Equal(d?.Day, (int?)days[i]);
        }
    }

    [Fact]
    public void Date_add_sub_and_datediff()
    {
        var batch = Batch(Vec(DataType.Date, new DateOnly(2024, 2, 28), new DateOnly(1970, 1, 1), null), Vec(DataType.Int32, 1, -1, 5));
        Assert.Equal(
            new object?[] { new DateOnly(2024, 2, 29), new DateOnly(1969, 12, 31), null },
            Eval(Fn("date_add", DataType.Date, Col(0, DataType.Date), Col(1, DataType.Int32)), batch));
        Assert.Equal(
            new object?[] { new DateOnly(2024, 2, 27), new DateOnly(1970, 1, 2), null },
            Eval(Fn("date_sub", DataType.Date, Col(0, DataType.Date), Col(1, DataType.Int32)), batch));
        var diff = Eval(
            Fn("datediff", DataType.Int32, Col(0, DataType.Date), Lit(new DateOnly(2000, 1, 1))),
            batch);
        Assert.Equal(new object?[] { 8824, -10957, null }, diff);
    }

    [Fact]
    public void To_date_parses_strings()
    {
        var r = Eval1(c => Fn("to_date", DataType.Date, c), DataType.String, "2016-12-31", "2016-12-31 23:59:59", "bad", null);
        Assert.Equal(new object?[] { new DateOnly(2016, 12, 31), new DateOnly(2016, 12, 31), null, null }, r);
    }
}
