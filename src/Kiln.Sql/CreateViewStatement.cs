using Kiln.Plan.Logical;

namespace Kiln.Sql;

/// <summary>
/// <c>CREATE [OR REPLACE] TEMP VIEW name AS query</c>: the caller registers <see cref="Plan"/> under
/// <see cref="Name"/>; when <see cref="Replace"/> is false it should fail if the name is already taken.
/// </summary>
public sealed record CreateViewStatement(string Name, LogicalPlan Plan, bool Replace) : SqlStatement;
