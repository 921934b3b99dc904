using Kiln.Common.Errors;

namespace Kiln.Execution.Operators;

/// <summary>A scalar subquery (a query used as a value) returned more than one row.</summary>
public sealed class ScalarSubqueryException : KilnException
{
    public ScalarSubqueryException(long rows)
        : base($"more than one row returned by a subquery used as an expression (it returned {rows}{(rows >= EnforceSingleRowExec.RowsCounted ? " or more" : "")}); make it return one row, for example with an aggregate, a tighter WHERE or LIMIT 1")
    {
        Rows = rows;
    }

    /// <summary>How many rows the subquery returned (counting stops early).</summary>
    public long Rows { get; }
}
