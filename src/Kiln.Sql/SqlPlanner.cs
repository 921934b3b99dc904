using Kiln.Common.Errors;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;
using Kiln.Sql.Parsing;
using Kiln.Sql.Planning;

namespace Kiln.Sql;

/// <summary>
/// The SQL front end: parses a statement and builds a resolved <see cref="LogicalPlan"/> over the tables of an
/// <see cref="ISqlCatalog"/>, node by node as the DataFrame API does, so the optimizer and planner see the same trees.
/// </summary>
/// <remarks>
/// Syntax errors raise <see cref="SqlParseException"/> (line, column, caret); unknown names, type errors and
/// unsupported subqueries raise <see cref="AnalysisException"/>, whose message quotes the line with a caret under
/// the offending token when it is known (<see cref="AnalysisException.Position"/>). Subqueries are checked here
/// by rewriting them into joins once (<see cref="RewriteSubqueries"/>), so a subquery that cannot be decorrelated
/// fails when the query is planned, not when it runs. Stateless apart from the catalog: safe to use from several
/// threads when the catalog is.
/// </remarks>
public sealed class SqlPlanner
{
    private readonly ISqlCatalog _catalog;

    public SqlPlanner(ISqlCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <summary>Plans a query; throws <see cref="AnalysisException"/> for statements that are not queries.</summary>
    public LogicalPlan Plan(string sql) => PlanStatement(sql) switch
    {
        QueryStatement q => q.Plan,
        _ => throw new AnalysisException("this statement is not a query; use PlanStatement to run CREATE VIEW and other commands"),
    };

    /// <summary>Parses and plans one statement (a query, CREATE TEMP VIEW, or CREATE TABLE ... USING).</summary>
    public SqlStatement PlanStatement(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var ast = SqlParser.ParseStatement(sql);
        var planner = new QueryPlanner(_catalog);
        try
        {
            return ast switch
            {
                CreateViewAst v => new CreateViewStatement(v.Name, Checked(QueryPlanner.WithColumnNames(planner.PlanQuery(v.Query), v.Columns, v.Name, v.Position)), v.Replace),
                QueryStatementAst q => new QueryStatement(Checked(planner.PlanQuery(q.Query))),
                CreateTableAst t => new CreateTableStatement(
                    t.Name,
                    t.Format,
                    t.Location ?? t.Options.GetValueOrDefault("path") ?? throw new AnalysisException(
                        $"table '{t.Name}' needs a location: add OPTIONS (path '...') or LOCATION '...' (Kiln keeps tables as files, with no warehouse directory)") { Position = t.Position.Where },
                    t.Options.Where(o => !string.Equals(o.Key, "path", StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase),
                    t.PartitionBy,
                    t.Query is null ? null : Checked(planner.PlanQuery(t.Query)),
                    t.Replace),
                _ => throw new InvalidOperationException($"unexpected statement {ast.GetType().Name}"),
            };
        }
        catch (AnalysisException e) when (e.Position is { } p)
        {
            throw new AnalysisException(SqlErrorText.Format("SQL error", e.Problem, p.Line, p.Column, sql), e.Expression, e.Suggestions, e) { Position = p };
        }
    }

    /// <summary>Fails now, with the subquery's position, if a subquery of the plan cannot become a join.</summary>
    private static LogicalPlan Checked(LogicalPlan plan)
    {
        new RewriteSubqueries().Apply(plan);
        return plan;
    }
}
