namespace Kiln.Execution.Expressions;

/// <summary>A set of UTF-8 byte strings probed with spans, so lookups allocate nothing.</summary>
internal sealed class Utf8Set
{
    private readonly Dictionary<int, byte[][]> _buckets = [];

    public Utf8Set(IEnumerable<byte[]> items)
    {
        foreach (var group in items.GroupBy(Hash))
        {
            _buckets[group.Key] = group.ToArray();
        }
    }

    public bool Contains(ReadOnlySpan<byte> value)
    {
        if (!_buckets.TryGetValue(Hash(value), out var bucket))
        {
            return false;
        }

        foreach (var item in bucket)
        {
            if (value.SequenceEqual(item))
            {
                return true;
            }
        }

        return false;
    }

    private static int Hash(byte[] bytes) => Hash(bytes.AsSpan());

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var h = new HashCode();
        h.AddBytes(bytes);
        return h.ToHashCode();
    }
}
