using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Memory;
using Kiln.Execution.Sort;
using Kiln.Execution.Spill;
using Kiln.Execution.Tests.TestSupport;

namespace Kiln.Execution.Tests.Sort;

public sealed class ExternalSorterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiln-sort-tests-" + Guid.NewGuid().ToString("N"));
    private readonly DiskBlockManager _disk;

    public ExternalSorterTests() => _disk = new DiskBlockManager(_dir, "app-sort");

    public void Dispose()
    {
        _disk.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<int, bool, bool> EveryTypeAndOrder()
    {
        var data = new TheoryData<int, bool, bool>();
        for (var t = 0; t < TestData.AllTypes.Length; t++)
        {
            foreach (var asc in new[] { true, false })
            {
                foreach (var nullsFirst in new[] { true, false })
                {
                    data.Add(t, asc, nullsFirst);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTypeAndOrder))]
    public void Single_key_sort_matches_the_oracle_in_memory_and_with_spills(int typeIndex, bool ascending, bool nullsFirst)
    {
        var schema = TestData.SchemaOf(TestData.AllTypes[typeIndex], DataType.String);
        var keys = new[] { new SortKeySpec(0, ascending, nullsFirst) };
        var input = TestData.RandomBatches(schema, 40, 300, new Random(typeIndex * 7 + (ascending ? 1 : 0) + (nullsFirst ? 2 : 0)));

        CheckSorted(input, keys, budget: long.MaxValue / 8, batchSize: 128, expectSpills: false);
        CheckSorted(input, keys, budget: 64 << 10, batchSize: 100, expectSpills: true);
    }

    [Theory]
    [InlineData(1, 5, 3)]
    [InlineData(5, 1, 2)]
    [InlineData(6, 2, 0)]
    [InlineData(3, 4, 5)]
    public void Multi_key_sort_matches_the_oracle(int t0, int t1, int t2)
    {
        var schema = TestData.SchemaOf(TestData.AllTypes[t0], TestData.AllTypes[t1], TestData.AllTypes[t2]);
        var keys = new[] { new SortKeySpec(0, true, false), new SortKeySpec(1, false, true), SortKeySpec.Desc(2) };
        var input = TestData.RandomBatches(schema, 30, 400, new Random(t0 * 100 + t1 * 10 + t2), nullFraction: 0.2, distinct: 4);

        CheckSorted(input, keys, budget: long.MaxValue / 8, batchSize: 1000, expectSpills: false);
        CheckSorted(input, keys, budget: 100 << 10, batchSize: 77, expectSpills: true);
    }

    [Fact]
    public void Tiny_budget_forces_many_spills_and_still_sorts_everything()
    {
        var schema = TestData.SchemaOf(DataType.Int64, DataType.Float64);
        var input = TestData.RandomBatches(schema, 200, 200, new Random(3), distinct: 1000);
        using var memory = new TaskMemoryManager(8 << 10);
        using var sorter = new ExternalSorter(schema, [SortKeySpec.Asc(0), SortKeySpec.Desc(1)], memory, _disk, new ExternalSorterOptions { BatchSize = 50, Codec = SpillCodec.Deflate });
        foreach (var b in input)
        {
            sorter.Add(b);
        }

        Assert.True(sorter.SpillCount > 50, $"expected many spills, got {sorter.SpillCount}");
        var output = sorter.Sorted().ToList();
        Assert.All(output, b => Assert.InRange(b.RowCount, 1, 50));
        AssertSortedPermutation(input, output, sortKeys: [SortKeySpec.Asc(0), SortKeySpec.Desc(1)]);
        Assert.Equal(0, memory.UsedBytes);
        Assert.True(memory.SpillCount > 50);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Top_n_keeps_the_first_n_rows_of_the_order(int limit)
    {
        var schema = TestData.SchemaOf(DataType.Int32, DataType.String);
        var input = TestData.RandomBatches(schema, 60, 500, new Random(limit));
        var keys = new[] { SortKeySpec.Desc(0), SortKeySpec.Asc(1), SortKeySpec.Asc(2) };
        foreach (var budget in new long[] { long.MaxValue / 8, 64 << 10 })
        {
            using var memory = new TaskMemoryManager(budget);
            using var sorter = new ExternalSorter(schema, keys, memory, _disk, new ExternalSorterOptions { BatchSize = 64, Limit = limit });
            foreach (var b in input)
            {
                sorter.Add(b);
            }

            var actual = TestData.Rows(sorter.Sorted());
            var expected = TestData.Rows(input);
            expected.Sort((x, y) => TestData.CompareRows(x, y, keys));
            Assert.Equal(expected.Take(limit).ToList(), actual);
        }
    }

    [Fact]
    public void A_huge_batch_among_many_tiny_ones_sorts_correctly()
    {
        // Many batches next to one of 2^20 rows do not fit packed (batch, row) ids; the dense fallback takes over.
        var schema = TestData.SchemaOf(DataType.Int64);
        var rng = new Random(5);
        var input = new List<RecordBatch>();
        long id = 0;
        foreach (var rows in Enumerable.Repeat(1, 1500).Append(1 << 20).Concat(Enumerable.Repeat(1, 1500)))
        {
            var keys = Enumerable.Range(0, rows).Select(_ => rng.NextInt64(-1000, 1000)).ToArray();
            var batch = new RecordBatch(schema, [new PrimitiveVector<long>(DataType.Int64, keys), new PrimitiveVector<long>(DataType.Int64, new long[rows])], rows);
            input.Add(TestData.WithIds(batch, id));
            id += rows;
        }

        using var memory = TaskMemoryManager.Unbounded();
        using var sorter = new ExternalSorter(schema, [SortKeySpec.Desc(0)], memory, _disk, new ExternalSorterOptions { BatchSize = 4096 });
        input.ForEach(sorter.Add);
        var keysOut = new List<long>();
        var idsOut = new List<long>();
        foreach (var b in sorter.Sorted())
        {
            keysOut.AddRange(((PrimitiveVector<long>)b.Columns[0]).Values.ToArray());
            idsOut.AddRange(((PrimitiveVector<long>)b.Columns[1]).Values.ToArray());
        }

        var expectedKeys = input.SelectMany(b => ((PrimitiveVector<long>)b.Columns[0]).Values.ToArray()).OrderDescending().ToList();
        Assert.Equal(expectedKeys, keysOut);
        idsOut.Sort();
        Assert.Equal(Enumerable.Range(0, (int)id).Select(i => (long)i), idsOut);
    }

    [Fact]
    public void Without_a_disk_a_refused_reservation_is_a_clear_error()
    {
        var schema = TestData.SchemaOf(DataType.Int64);
        using var memory = new TaskMemoryManager(1024);
        using var sorter = new ExternalSorter(schema, [SortKeySpec.Asc(0)], memory, disk: null);
        var batches = TestData.RandomBatches(schema, 3, 500, new Random(1)).Where(b => b.RowCount > 0).ToList();
        sorter.Add(batches[0]);
        var error = Assert.Throws<InvalidOperationException>(() => sorter.Add(batches[1]));
        Assert.Contains("kiln.task.memory", error.Message);
    }

    [Fact]
    public void Dispose_deletes_spill_files_and_returns_memory()
    {
        var schema = TestData.SchemaOf(DataType.String);
        using var memory = new TaskMemoryManager(16 << 10);
        var sorter = new ExternalSorter(schema, [SortKeySpec.Asc(0)], memory, _disk);
        foreach (var b in TestData.RandomBatches(schema, 50, 300, new Random(2)))
        {
            sorter.Add(b);
        }

        Assert.True(sorter.SpillCount > 0);
        Assert.NotEmpty(Directory.GetFiles(_disk.RootDirectory));
        using (var e = sorter.Sorted().GetEnumerator())
        {
            Assert.True(e.MoveNext());
            sorter.Dispose();
        }

        Assert.Empty(Directory.GetFiles(_disk.RootDirectory));
        Assert.Equal(0, memory.UsedBytes);
    }

    private void CheckSorted(List<RecordBatch> input, SortKeySpec[] keys, long budget, int batchSize, bool expectSpills)
    {
        using var memory = new TaskMemoryManager(budget);
        using var sorter = new ExternalSorter(input[0].Schema, keys, memory, _disk, new ExternalSorterOptions { BatchSize = batchSize });
        foreach (var b in input)
        {
            sorter.Add(b);
        }

        Assert.Equal(expectSpills, sorter.SpillCount > 0);
        var output = sorter.Sorted().ToList();
        Assert.All(output, b => Assert.InRange(b.RowCount, 1, batchSize));
        AssertSortedPermutation(input, output, keys);
        Assert.Equal(0, memory.UsedBytes);
    }

    private static void AssertSortedPermutation(List<RecordBatch> input, List<RecordBatch> output, SortKeySpec[] sortKeys)
    {
        var expected = TestData.Rows(input);
        var actual = TestData.Rows(output);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 1; i < actual.Count; i++)
        {
            Assert.True(TestData.CompareRows(actual[i - 1], actual[i], sortKeys) <= 0, $"rows {i - 1} and {i} are out of order: [{string.Join(", ", actual[i - 1])}] then [{string.Join(", ", actual[i])}]");
        }

        var idColumn = expected[0].Length - 1;
        var byId = actual.OrderBy(r => (long)r[idColumn]!).ToList();
        Assert.Equal(expected.OrderBy(r => (long)r[idColumn]!).ToList(), byId);
    }
}
