using System.Runtime.Serialization;
using Kiln.Execution.UserCode;

namespace Kiln;

/// <summary>
/// A variable that lambdas on executors add to and the driver reads, as Spark's accumulators. Each task adds to its
/// own copy; when the task succeeds its partial value travels back with the result and the driver merges it. A
/// task's update counts exactly once per (stage, partition): failed attempts and re-runs of an already successful
/// partition are not merged.
/// </summary>
/// <remarks>
/// Create with <see cref="KilnSession.LongAccumulator"/>, <see cref="KilnSession.DoubleAccumulator"/> or
/// <see cref="KilnSession.CollectionAccumulator{T}"/> and capture it in a lambda. Read <c>Value</c> on the driver
/// after an action; inside a task it is that task's partial value. Thread-safe. As in Spark, a lambda in a
/// transformation runs again when its output is recomputed (a second action without caching), and adds again.
/// </remarks>
[ExecutorSerializable]
public abstract class Accumulator : ITaskAccumulator, IMergeableAccumulator, IDeserializationCallback
{
    private readonly long _id;
    private readonly string? _name;

    [NonSerialized]
    private readonly bool _onDriver;

    private protected Accumulator(string? name)
    {
        _id = AccumulatorRegistry.NextId();
        _name = name;
        _onDriver = true;
    }

    public long Id => _id;

    public string? Name => _name;

    /// <summary>Whether this is the driver's accumulator (false for a task's copy).</summary>
    protected bool IsDriverSide => _onDriver;

    /// <summary>Sets the value back to zero (driver only).</summary>
    public abstract void Reset();

    byte[] ITaskAccumulator.SerializeLocalValue() => ClosureSerializer.SerializeValue(LocalValue(), $"accumulator '{_name ?? _id.ToString(System.Globalization.CultureInfo.InvariantCulture)}'");

    void IMergeableAccumulator.Merge(object? partial) => MergePartial(partial);

    void IDeserializationCallback.OnDeserialization(object? sender)
    {
        Reset();
        UserCodeTaskScope.Current?.Register(this);
    }

    private protected abstract object? LocalValue();

    private protected abstract void MergePartial(object? partial);

    public override string ToString() => $"{GetType().Name}(id: {_id}, name: {_name ?? "-"})";
}
