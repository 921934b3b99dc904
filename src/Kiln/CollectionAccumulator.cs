using Kiln.Execution.UserCode;

namespace Kiln;

/// <summary>Collects values from tasks into a list on the driver (in no particular order). Values must be sendable like captured values.</summary>
[ExecutorSerializable]
public sealed class CollectionAccumulator<T> : Accumulator
{
    [NonSerialized]
    private List<T>? _items;

    internal CollectionAccumulator(string? name)
        : base(name) => _items = [];

    /// <summary>A snapshot of the collected values.</summary>
    public IReadOnlyList<T> Value
    {
        get
        {
            var items = Items;
            lock (items)
            {
                return items.ToArray();
            }
        }
    }

    public void Add(T item)
    {
        var items = Items;
        lock (items)
        {
            items.Add(item);
        }
    }

    public override void Reset()
    {
        var items = Items;
        lock (items)
        {
            items.Clear();
        }
    }

    private List<T> Items => LazyInitializer.EnsureInitialized(ref _items);

    private protected override object? LocalValue() => Value.ToList();

    private protected override void MergePartial(object? partial)
    {
        var items = Items;
        lock (items)
        {
            items.AddRange((List<T>)partial!);
        }
    }
}
