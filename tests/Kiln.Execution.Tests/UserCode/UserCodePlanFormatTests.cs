using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Execution.UserCode;
using Kiln.Plan.Expressions;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.Tests.UserCode;

/// <summary>UDF calls and typed operators travel inside task payloads and run from the decoded plan.</summary>
public sealed class UserCodePlanFormatTests : IDisposable
{
    private static readonly Schema Numbers = Schema.ParseDdl("n bigint");
    private readonly DiskBlockManager _disk = new(Path.Combine(Path.GetTempPath(), "kiln-usercode-tests"), Guid.NewGuid().ToString("N"));

    private static LocalTableExec Table(params long[] values) =>
        new(Numbers, [new RecordBatch(Numbers, [new PrimitiveVector<long>(DataType.Int64, values)], values.Length)], 1);

    private List<object?[]> RunDecoded(ExecNode plan)
    {
        var (fragment, _) = TaskPayload.Read(TaskPayload.Serialize(plan, new CollectOutput()));
        using var context = new TaskContext(1, 0, 0, new Common.Config.KilnConf(), _disk, null!, CancellationToken.None);
        using var scope = UserCodeTaskScope.Enter(1, 0, 0, "exec-test", UserCodeEnvironment.Detached);
        return fragment.Execute(0, context).SelectMany(b => Enumerable.Range(0, b.RowCount).Select(b.GetRow)).ToList();
    }

    [Fact]
    public void A_udf_call_survives_the_payload_and_runs()
    {
        var offset = 10L;
        var function = UserFunctions.Create((long x) => x + offset, "plus");
        var call = function.Call([new BoundRef(0, DataType.Int64, false, "n")]).Resolve();
        var plan = new ProjectExec([call], Schema.ParseDdl("r bigint"), Table(1, 2, 3));
        Assert.Equal([11L, 12L, 13L], RunDecoded(plan).Select(r => (long)r[0]!));
        Assert.Equal("plus(n@0)", call.ToString());
    }

    public sealed record Pair(long N, string Text);

    [Fact]
    public void A_typed_operator_survives_the_payload_and_runs()
    {
        var prefix = "#";
        var spec = ObjectOperatorSpec.Create(ObjectOperatorKind.Map, typeof(long), typeof(Pair), null, new Func<long, Pair>(n => new Pair(n * 2, prefix + n)));
        var schema = ObjectLayout.For(typeof(Pair)).Schema;
        var plan = new ObjectOperatorExec(ObjectOperatorKind.Map, "test", spec.Serialize(), schema, Table(1, 2));
        Assert.Equal(["2 #1", "4 #2"], RunDecoded(plan).Select(r => $"{r[0]} {r[1]}"));
    }

    [Fact]
    public void A_cache_read_stores_then_reads_its_partition()
    {
        var store = new LocalBlockStore(_disk, 1 << 20);
        var environment = new UserCodeEnvironment(UserCodeLoader.Default, new BroadcastCache(null), store);
        var plan = new CacheExec(7, CacheLevel.MemoryAndDisk, Numbers, 1, Table(5, 6));
        var (fragment, _) = TaskPayload.Read(TaskPayload.Serialize(plan, new CollectOutput()));
        using var context = new TaskContext(1, 0, 0, new Common.Config.KilnConf(), _disk, null!, CancellationToken.None);
        using (var scope = UserCodeTaskScope.Enter(1, 0, 0, "exec-test", environment))
        {
            Assert.Equal(2, fragment.Execute(0, context).Sum(b => b.RowCount));
            var block = Assert.Single(scope.StoredBlocks);
            Assert.Equal((7L, 0, "exec-test", false), (block.CacheId, block.Partition, block.ExecutorId, block.OnDisk));
        }

        var pureRead = new CacheExec(7, CacheLevel.MemoryAndDisk, Numbers, 1, null);
        using (UserCodeTaskScope.Enter(1, 0, 0, "exec-test", environment))
        {
            Assert.Equal(2, pureRead.Execute(0, context).Sum(b => b.RowCount));
            store.Remove(7, 0);
            var lost = Assert.Throws<CacheBlockLostException>(() => pureRead.Execute(0, context).ToList());
            Assert.Equal((7L, 0), (lost.CacheId, lost.Partition));
        }
    }

    [Fact]
    public void Memory_only_blocks_that_do_not_fit_are_not_stored_and_disk_blocks_round_trip()
    {
        var store = new LocalBlockStore(_disk, 16);
        var batch = new RecordBatch(Numbers, [new PrimitiveVector<long>(DataType.Int64, [1, 2, 3, 4])], 4);
        Assert.Null(store.Put(1, 0, CacheLevel.MemoryOnly, [batch], "e"));
        var spilled = store.Put(1, 0, CacheLevel.MemoryAndDisk, [batch], "e");
        Assert.True(spilled!.OnDisk);
        Assert.Equal([1L, 2, 3, 4], store.TryRead(1, 0, Numbers)!.SelectMany(b => ((PrimitiveVector<long>)b.Column(0)).Values.ToArray()));
        store.RemoveCache(1);
        Assert.Null(store.TryRead(1, 0, Numbers));
    }

    public void Dispose() => _disk.Dispose();
}
