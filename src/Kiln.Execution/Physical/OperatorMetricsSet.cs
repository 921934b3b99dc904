using System.Diagnostics;

namespace Kiln.Execution.Physical;

/// <summary>
/// The per-operator metrics of one task: one <see cref="OperatorMetrics"/> per node of its plan fragment, in the
/// fragment's pre-order (the order in which the driver numbers them, so positions need no ids on the wire).
/// </summary>
/// <remarks>Used by the task's own thread only.</remarks>
public sealed class OperatorMetricsSet
{
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;
    private readonly ExecNode[] _nodes;
    private readonly OperatorMetrics[] _metrics;

    public OperatorMetricsSet(ExecNode fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        _nodes = [.. fragment.Descendants()];
        _metrics = new OperatorMetrics[_nodes.Length];
        for (var i = 0; i < _nodes.Length; i++)
        {
            _metrics[i] = new OperatorMetrics();
        }
    }

    /// <summary>
    /// The metrics of a node of the fragment (its first position when it appears twice); null for a node that is not
    /// one (built by an operator itself). A scan by reference: fragments are a few dozen nodes, and this runs once per
    /// node per task, so it is cheaper than hashing.
    /// </summary>
    public OperatorMetrics? Find(ExecNode node)
    {
        var i = IndexOf(node);
        return i < 0 ? null : _metrics[i];
    }

    private int IndexOf(ExecNode node)
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (ReferenceEquals(_nodes[i], node))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Each operator's own time (nanoseconds) and spill: its children's subtracted from what was measured around it.</summary>
    public OperatorMetrics[] Complete()
    {
        var result = new OperatorMetrics[_nodes.Length];
        var position = 0;
        Own(_nodes[0], ref position, result);
        return result;
    }

    private (long Ticks, long Spill) Own(ExecNode node, ref int position, OperatorMetrics[] result)
    {
        var index = position++;
        var measured = IndexOf(node) == index ? _metrics[index] : new OperatorMetrics();
        long childTicks = 0, childSpill = 0;
        foreach (var child in node.Children)
        {
            var (ticks, spill) = Own(child, ref position, result);
            childTicks += ticks;
            childSpill += spill;
        }

        result[index] = new OperatorMetrics
        {
            OutputRows = measured.OutputRows,
            TimeNanos = (long)(Math.Max(0, measured.Ticks - childTicks) * NanosPerTick),
            SpillBytes = Math.Max(0, measured.SpillBytes - childSpill),
        };
        return (measured.Ticks, measured.SpillBytes);
    }
}
