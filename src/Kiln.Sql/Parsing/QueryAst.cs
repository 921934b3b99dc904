using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Parsing;

// The syntax tree of a query, as the parser produces it. Scalar expressions are already Kiln.Plan
// expressions in unresolved form (ColumnRef, FunctionCall, AggregateExpr, ...); the planner resolves them.

/// <summary>A full query: WITH clauses, a body (SELECT or set operation), ORDER BY and LIMIT.</summary>
internal sealed record QueryAst(IReadOnlyList<CteAst> With, QueryBodyAst Body, IReadOnlyList<OrderItemAst> OrderBy, int? Limit);

/// <summary><c>name [(columns)] AS (query)</c> in a WITH clause.</summary>
internal sealed record CteAst(string Name, IReadOnlyList<string>? Columns, QueryAst Query, Token Position);

internal abstract record QueryBodyAst;

/// <summary>One SELECT ... FROM ... WHERE ... GROUP BY ... HAVING block.</summary>
internal sealed record SelectAst(
    bool Distinct,
    IReadOnlyList<SelectItemAst> Items,
    RelationAst? From,
    Expr? Where,
    IReadOnlyList<Expr> GroupBy,
    Expr? Having) : QueryBodyAst;

/// <summary><c>a UNION [ALL] b</c>; UNION without ALL removes duplicates. <see cref="Position"/> is the UNION keyword.</summary>
internal sealed record UnionAst(QueryBodyAst Left, QueryBodyAst Right, bool All, Token Position) : QueryBodyAst;

/// <summary>A parenthesized query used as a set-operation operand.</summary>
internal sealed record NestedQueryAst(QueryAst Query) : QueryBodyAst;

/// <summary>A select-list entry: an expression (or <c>*</c> / <c>t.*</c> as ColumnRef "*") and its alias.</summary>
internal sealed record SelectItemAst(Expr Expr, string? Alias);

internal sealed record OrderItemAst(Expr Expr, bool Ascending, bool? NullsFirst);

internal abstract record RelationAst;

/// <summary>A table, view or CTE by name, with an optional alias and column names (<c>t AS x (a, b)</c>).</summary>
internal sealed record TableAst(string Name, string? Alias, IReadOnlyList<string>? Columns, Token Position) : RelationAst;

/// <summary>Files read straight from a path: <c>parquet.`/data/t` [AS alias [(columns)]]</c>.</summary>
internal sealed record FileTableAst(string Format, string Path, string? Alias, IReadOnlyList<string>? Columns, Token Position) : RelationAst;

/// <summary>A subquery in FROM, with an optional alias and column names (<c>(SELECT ...) AS x (a, b)</c>).</summary>
internal sealed record SubqueryAst(QueryAst Query, string? Alias, IReadOnlyList<string>? Columns, Token Position) : RelationAst;

/// <summary>An explicit or comma join. <see cref="Using"/> holds the USING (...) column names as written.</summary>
internal sealed record JoinAst(RelationAst Left, RelationAst Right, JoinType Type, Expr? Condition, IReadOnlyList<Token>? Using) : RelationAst;

internal abstract record StatementAst;

internal sealed record QueryStatementAst(QueryAst Query) : StatementAst;

internal sealed record CreateTableAst(
    string Name,
    string Format,
    IReadOnlyList<string> PartitionBy,
    IReadOnlyDictionary<string, string> Options,
    string? Location,
    QueryAst? Query,
    bool Replace,
    Token Position) : StatementAst;

internal sealed record CreateViewAst(string Name, IReadOnlyList<string>? Columns, QueryAst Query, bool Replace, Token Position) : StatementAst;
