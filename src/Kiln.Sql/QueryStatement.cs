using Kiln.Plan.Logical;

namespace Kiln.Sql;

/// <summary>A SELECT (or WITH ... SELECT) query, planned and resolved.</summary>
public sealed record QueryStatement(LogicalPlan Plan) : SqlStatement;
