using Kiln.Plan.Logical;

namespace Kiln.Sql;

/// <summary>
/// <c>CREATE [OR REPLACE] TABLE name USING format ... [AS query]</c>: the caller writes <see cref="Query"/>'s rows (when
/// there is one) to <see cref="Path"/> in <see cref="Format"/>, partitioned by <see cref="PartitionBy"/>, then registers
/// <see cref="Name"/> as a view over the files there. With <see cref="Replace"/> an existing name is replaced and an
/// existing output overwritten; otherwise both must not exist yet.
/// </summary>
public sealed record CreateTableStatement(
    string Name,
    string Format,
    string Path,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<string> PartitionBy,
    LogicalPlan? Query,
    bool Replace) : SqlStatement;
