using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>
/// The values start, start+step, ... before end as one bigint column <c>id</c>, from session.Range. A leaf that holds
/// only its bounds: each partition generates its own slice when it runs (<see cref="RangeSequence"/>), so a range of
/// billions of ids costs nothing in the driver or in the plans sent to tasks. Without <see cref="NumPartitions"/>
/// the physical planner chooses: the default parallelism, at most one partition per batch of ids.
/// </summary>
public sealed record RangeRelation : LogicalPlan
{
    public RangeRelation(long start, long end, long step, int? numPartitions, AttributeRef id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (numPartitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numPartitions), numPartitions, "a range needs at least 1 partition");
        }

        Sequence = new RangeSequence(start, end, step);
        NumPartitions = numPartitions;
        Id = id;
    }

    public RangeSequence Sequence { get; }

    /// <summary>The partitions asked for, or null to let the physical planner choose.</summary>
    public int? NumPartitions { get; }

    /// <summary>The output column.</summary>
    public AttributeRef Id { get; }

    public override IReadOnlyList<AttributeRef> Output => [Id];

    public override IReadOnlyList<LogicalPlan> Children => NoChildren;

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this;

    public override string Describe() =>
        $"Range ({Sequence.Start}, {Sequence.End}, step={Sequence.Step}{(NumPartitions is { } p ? $", partitions={p}" : "")}) [{Id}]";
}
