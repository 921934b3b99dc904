using Kiln.Execution.Sort;

namespace Kiln.Execution.Tests.Sort;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(100, 0)]
    [InlineData(50_000, 0)]
    [InlineData(50_000, 1000)]
    [InlineData(70_000, 3)]
    public void Sorts_like_array_sort_and_keeps_items_with_their_keys(int count, int range)
    {
        var rng = new Random(count + range);
        var keys = new long[count + 10];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = range == 0
                ? rng.Next(8) switch { 0 => long.MinValue, 1 => long.MaxValue, 2 => 0, 3 => -1, _ => rng.NextInt64(long.MinValue, long.MaxValue) }
                : rng.Next(-range, range);
        }

        var items = Enumerable.Range(0, keys.Length).ToArray();
        var original = (long[])keys.Clone();
        RadixSort.Sort(keys, items, 5, count);

        var expected = original.Skip(5).Take(count).Order().ToArray();
        Assert.Equal(expected, keys.Skip(5).Take(count));
        Assert.Equal(original.Take(5), keys.Take(5));
        Assert.Equal(original.Skip(5 + count), keys.Skip(5 + count));
        for (var i = 5; i < 5 + count; i++)
        {
            Assert.Equal(original[items[i]], keys[i]);
        }

        Assert.Equal(Enumerable.Range(5, count), items.Skip(5).Take(count).Order());
    }
}
