using Kiln.Execution.UserCode;

namespace Kiln;

/// <summary>Sums doubles.</summary>
[ExecutorSerializable]
public sealed class DoubleAccumulator : Accumulator
{
    [NonSerialized]
    private double _value;

    [NonSerialized]
    private object? _lock;

    internal DoubleAccumulator(string? name)
        : base(name) => _lock = new object();

    public double Value
    {
        get
        {
            lock (Lock)
            {
                return _value;
            }
        }
    }

    public void Add(double amount)
    {
        lock (Lock)
        {
            _value += amount;
        }
    }

    public override void Reset()
    {
        lock (Lock)
        {
            _value = 0;
        }
    }

    private object Lock => LazyInitializer.EnsureInitialized(ref _lock);

    private protected override object? LocalValue() => Value;

    private protected override void MergePartial(object? partial) => Add((double)partial!);
}
