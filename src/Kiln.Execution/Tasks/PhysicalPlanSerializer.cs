using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Tasks;

/// <summary>
/// Writes and reads physical plan fragments in the binary plan format: per node a tag, its fields
/// (<see cref="ExecNode.WriteFields"/>), then its children. Tags are part of the format: append only.
/// </summary>
public static class PhysicalPlanSerializer
{
    private enum Tag : byte
    {
        Scan = 1,
        LocalTable = 2,
        Project = 3,
        Filter = 4,
        HashAggregate = 5,
        HashJoin = 6,
        Sort = 7,
        Limit = 8,
        Union = 9,
        ShuffleRead = 10,
        NestedLoopJoin = 11,
        EnforceSingleRow = 12,
        Range = 13,
        Window = 14,

        /// <summary>Typed Dataset operators and cache reads; see <see cref="UserCode.UserCodeExecSerializer"/>.</summary>
        UserCode = 100,
    }

    public static void Write(PlanWriter writer, ExecNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        var tag = node switch
        {
            ScanExec => Tag.Scan,
            LocalTableExec => Tag.LocalTable,
            ProjectExec => Tag.Project,
            FilterExec => Tag.Filter,
            HashAggregateExec => Tag.HashAggregate,
            HashJoinExec => Tag.HashJoin,
            SortExec => Tag.Sort,
            LimitExec => Tag.Limit,
            UnionExec => Tag.Union,
            ShuffleReadExec => Tag.ShuffleRead,
            NestedLoopJoinExec => Tag.NestedLoopJoin,
            EnforceSingleRowExec => Tag.EnforceSingleRow,
            RangeExec => Tag.Range,
            Operators.Window.WindowExec => Tag.Window,
            _ when UserCode.UserCodeExecSerializer.Handles(node) => Tag.UserCode,
            _ => throw new NotSupportedException($"{node.GetType().Name} cannot be sent to a task"),
        };
        writer.Writer.Write((byte)tag);
        writer.Write(node.Children.Count);
        foreach (var child in node.Children)
        {
            Write(writer, child);
        }

        node.WriteFields(writer);
    }

    public static ExecNode Read(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var tag = (Tag)reader.Reader.ReadByte();
        var count = reader.ReadInt();
        if (count is < 0 or > 1024)
        {
            throw new InvalidDataException($"corrupt plan: an operator with {count} children");
        }

        var c = Enumerable.Range(0, count).Select(_ => Read(reader)).ToArray();
        return tag switch
        {
            Tag.Scan => ScanExec.Read(reader),
            Tag.LocalTable => LocalTableExec.Read(reader),
            Tag.Range => RangeExec.Read(reader),
            Tag.ShuffleRead => ShuffleReadExec.Read(reader),
            Tag.Project => ProjectExec.Read(reader, c[0]),
            Tag.Filter => FilterExec.Read(reader, c[0]),
            Tag.HashAggregate => HashAggregateExec.Read(reader, c[0]),
            Tag.Sort => SortExec.Read(reader, c[0]),
            Tag.Limit => new LimitExec(reader.ReadInt(), c[0]),
            Tag.HashJoin => HashJoinExec.Read(reader, c[0], c[1]),
            Tag.NestedLoopJoin => NestedLoopJoinExec.Read(reader, c[0], c[1]),
            Tag.Union => new UnionExec(reader.ReadSchema(), c),
            Tag.EnforceSingleRow => new EnforceSingleRowExec(c[0]),
            Tag.Window => Operators.Window.WindowExec.Read(reader, c[0]),
            Tag.UserCode => UserCode.UserCodeExecSerializer.Read(reader, c),
            _ => throw new InvalidDataException($"corrupt plan: unknown operator tag {(byte)tag}"),
        };
    }
}
