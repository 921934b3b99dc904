using Kiln.Common.Errors;
using Kiln.Plan.Logical;
using Kiln.Sql.Parsing;
using Kiln.Sql.Planning;

namespace Kiln.Sql;

/// <summary>
/// The SQL front end: parses a statement and builds a resolved <see cref="LogicalPlan"/> over the tables of an
/// <see cref="ISqlCatalog"/>, node by node as the DataFrame API does, so the optimizer and planner see the same trees.
/// </summary>
/// <remarks>
/// Syntax errors raise <see cref="SqlParseException"/> (line, column, caret); unknown names and type errors raise
/// <see cref="AnalysisException"/>. Stateless apart from the catalog: safe to use from several threads when the
/// catalog is.
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

    /// <summary>Parses and plans one statement (a query or CREATE TEMP VIEW).</summary>
    public SqlStatement PlanStatement(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var ast = SqlParser.ParseStatement(sql);
        var planner = new QueryPlanner(_catalog);
        return ast switch
        {
            CreateViewAst v => new CreateViewStatement(v.Name, planner.PlanQuery(v.Query), v.Replace),
            QueryStatementAst q => new QueryStatement(planner.PlanQuery(q.Query)),
            _ => throw new InvalidOperationException($"unexpected statement {ast.GetType().Name}"),
        };
    }
}
