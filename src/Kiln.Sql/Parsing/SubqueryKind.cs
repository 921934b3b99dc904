namespace Kiln.Sql.Parsing;

/// <summary>The kinds of subquery an expression can hold; NOT EXISTS and NOT IN are these under NOT.</summary>
internal enum SubqueryKind
{
    Scalar,
    Exists,
    In,
}
