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
    private readonly Dictionary<ExecNode, OperatorMetrics> _byNode = new(ReferenceEqualityComparer.Instance);
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
            _byNode.TryAdd(_nodes[i], _metrics[i]);
        }
    }

    /// <summary>The metrics of a node of the fragment; null for a node that is not one (built by an operator itself).</summary>
    public OperatorMetrics? Find(ExecNode node) => _byNode.GetValueOrDefault(node);

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
        var measured = ReferenceEquals(_byNode[node], _metrics[index]) ? _metrics[index] : new OperatorMetrics();
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
