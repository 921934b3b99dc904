using Kiln.Execution.UserCode;

namespace Kiln;

/// <summary>Sums 64-bit integers (counters).</summary>
[ExecutorSerializable]
public sealed class LongAccumulator : Accumulator
{
    [NonSerialized]
    private long _value;

    internal LongAccumulator(string? name)
        : base(name)
    {
    }

    public long Value => Interlocked.Read(ref _value);

    public void Add(long amount) => Interlocked.Add(ref _value, amount);

    public override void Reset() => Interlocked.Exchange(ref _value, 0);

    private protected override object? LocalValue() => Value;

    private protected override void MergePartial(object? partial) => Add((long)partial!);
}
