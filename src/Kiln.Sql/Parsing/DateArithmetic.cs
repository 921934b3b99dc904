using Kiln.Plan.Expressions;

namespace Kiln.Sql.Parsing;

/// <summary>
/// Rewrites <c>date ± INTERVAL</c>: constant dates and timestamps are folded into a literal; other dates get
/// <c>date_add</c>/<c>date_sub</c> for day intervals. Month and year intervals on non-constant dates need an
/// <c>add_months</c> function that Kiln.Plan does not have yet.
/// </summary>
internal static class DateArithmetic
{
    public static Expr Apply(Expr date, IntervalExpr interval, bool subtract, string sql)
    {
        var amount = subtract ? -interval.Amount : interval.Amount;
        switch (date)
        {
            case Literal { ClrValue: DateOnly d }:
                return Literal.Of(interval.Unit switch
                {
                    "DAY" => d.AddDays(amount),
                    "MONTH" => d.AddMonths(amount),
                    _ => d.AddYears(amount),
                });
            case Literal { ClrValue: DateTime t }:
                return Literal.Of(interval.Unit switch
                {
                    "DAY" => t.AddDays(amount),
                    "MONTH" => t.AddMonths(amount),
                    _ => t.AddYears(amount),
                });
            case IntervalExpr:
                throw new SqlParseException("two intervals cannot be added; add each to a date", interval.Start.Line, interval.Start.Column, interval.Start.Text, sql);
        }

        if (interval.Unit != "DAY")
        {
            throw new SqlParseException(
                $"INTERVAL ... {interval.Unit} on a non-constant date is not supported yet; use a DAY interval or a constant date",
                interval.Start.Line, interval.Start.Column, interval.Start.Text, sql);
        }

        return subtract
            ? new FunctionCall("date_sub", [date, Literal.Of(interval.Amount)])
            : new FunctionCall("date_add", [date, Literal.Of(interval.Amount)]);
    }
}
