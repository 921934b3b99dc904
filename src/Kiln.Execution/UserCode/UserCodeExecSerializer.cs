using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.UserCode;

/// <summary>
/// The plan format of the user-code operators, behind the physical plan's user-code tag (100): a kind byte, then
/// the operator's fields (children are written by <see cref="Tasks.PhysicalPlanSerializer"/> as for any operator).
/// </summary>
public static class UserCodeExecSerializer
{
    /// <summary>Operator kinds behind the user-code tag. Part of the format: append only.</summary>
    public enum Kind : byte
    {
        ObjectOperator = 1,
        MapGroups = 2,
        Cache = 3,
    }

    public static bool Handles(ExecNode node) => node is ObjectOperatorExec or MapGroupsExec or CacheExec;

    public static ExecNode Read(PlanReader reader, ExecNode[] children)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(children);
        return (Kind)reader.Reader.ReadByte() switch
        {
            Kind.ObjectOperator => ObjectOperatorExec.Read(reader, children[0]),
            Kind.MapGroups => MapGroupsExec.Read(reader, children[0]),
            Kind.Cache => CacheExec.Read(reader, children),
            var k => throw new InvalidDataException($"corrupt plan: unknown user-code operator {(byte)k}"),
        };
    }
}
