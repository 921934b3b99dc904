using Kiln.Common.Batches;
using Kiln.Common.Config;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Operators;
using Kiln.Execution.Operators.Window;
using Kiln.Execution.Physical;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Plan.Windows;

namespace Kiln.Execution.Tests.Operators;

/// <summary>The window operator over sorted input: a partition larger than the task's memory spills and the answer stays right.</summary>
public sealed class WindowExecTests : IDisposable
{
    private const int RowsPerPartition = 60_000;
    private static readonly Schema Input = new(new Field("p", DataType.Int64, false), new Field("o", DataType.Int64, false), new Field("v", DataType.Int64, true));
    private readonly DiskBlockManager _disk = new(Path.Combine(Path.GetTempPath(), "kiln-window-tests"), Guid.NewGuid().ToString("N"));

    /// <summary>Two window partitions (p = 0, 1), each ordered by o; v is NULL on every 10th row.</summary>
    private static List<RecordBatch> SortedInput()
    {
        var batches = new List<RecordBatch>();
        const int batch = 4096;
        var total = 2 * RowsPerPartition;
        for (var start = 0; start < total; start += batch)
        {
            var n = Math.Min(batch, total - start);
            var p = new long[n];
            var o = new long[n];
            var v = new long[n];
            var validity = new ValidityBitmap(n);
            for (var i = 0; i < n; i++)
            {
                var row = start + i;
                p[i] = row / RowsPerPartition;
                o[i] = row % RowsPerPartition;
                v[i] = row % 97;
                if (row % 10 == 0)
                {
                    validity.SetNull(i);
                }
            }

            batches.Add(new RecordBatch(Input, [new PrimitiveVector<long>(DataType.Int64, p), new PrimitiveVector<long>(DataType.Int64, o), new PrimitiveVector<long>(DataType.Int64, v, validity)], n));
        }

        return batches;
    }

    private static WindowExec Plan()
    {
        var running = new WindowFrame(FrameType.Rows, WindowFrame.UnboundedPreceding, WindowFrame.CurrentRow);
        var sliding = new WindowFrame(FrameType.Rows, -3, 0);
        WindowFunctionSpec[] functions =
        [
            new(WindowOp.RowNumber, -1, WindowFrame.RowsToCurrent, DataType.Int32),
            new(WindowOp.Sum, 2, running, DataType.Int64),
            new(WindowOp.Lag, 2, WindowFrame.RowsToCurrent, DataType.Int64, 1, new Kiln.Plan.Expressions.Literal(-1L, DataType.Int64)),
            new(WindowOp.Max, 2, sliding, DataType.Int64),
        ];
        var schema = new Schema(Input.Fields.Concat([new Field("rn", DataType.Int32, true), new Field("s", DataType.Int64, true), new Field("lag", DataType.Int64, true), new Field("mx", DataType.Int64, true)]));
        return new WindowExec([0], [(1, true)], functions, schema, new LocalTableExec(Input, SortedInput(), 1));
    }

    [Fact]
    public void A_partition_larger_than_the_memory_budget_spills_and_the_answer_is_right()
    {
        var conf = new KilnConf().Set(ConfigKeys.TaskMemory.Key, "256k");
        using var context = new TaskContext(1, 0, 0, conf, _disk, null!, CancellationToken.None);
        var output = Plan().Execute(0, context).ToList();

        Assert.True(context.Metrics.SpillCount > 0, "the window operator should have spilled");
        Assert.True(context.Memory.SpillCount > 0, "spills go through the task's memory manager");
        Assert.True(context.Metrics.SpillBytes > 256 * 1024, $"spilled {context.Metrics.SpillBytes} bytes");
        Assert.Equal(0, context.Memory.UsedBytes);

        var rows = output.SelectMany(b => Enumerable.Range(0, b.RowCount).Select(b.GetRow)).ToList();
        Assert.Equal(2 * RowsPerPartition, rows.Count);
        long? sum = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var o = (int)(i % RowsPerPartition);
            if (o == 0)
            {
                sum = null;
            }

            long? V(int row) => row % 10 == 0 ? null : row % 97;
            sum = V(i) is { } value ? (sum ?? 0) + value : sum;
            var window = Enumerable.Range(Math.Max(0, o - 3), Math.Min(o, 3) + 1).Select(k => V(i - o + k)).Where(x => x is not null).ToList();
            Assert.Equal((long)(i / RowsPerPartition), rows[i][0]);
            Assert.Equal((long)o, rows[i][1]);
            Assert.Equal(o + 1, rows[i][3]);
            Assert.Equal(sum, rows[i][4]);
            Assert.Equal(o == 0 ? -1L : V(i - 1), rows[i][5]);
            Assert.Equal(window.Count == 0 ? null : window.Max(), rows[i][6]);
        }
    }

    [Fact]
    public void Without_memory_pressure_nothing_spills()
    {
        using var context = new TaskContext(1, 0, 0, new KilnConf(), _disk, null!, CancellationToken.None);
        Assert.Equal(2 * RowsPerPartition, Plan().Execute(0, context).Sum(b => b.RowCount));
        Assert.Equal(0, context.Metrics.SpillCount);
    }

    [Fact]
    public void The_operator_travels_in_a_task_payload()
    {
        var plan = Plan();
        var (fragment, _) = TaskPayload.Read(TaskPayload.Serialize(plan, new CollectOutput()));
        var decoded = Assert.IsType<WindowExec>(fragment);
        Assert.Equal(plan.Describe(), decoded.Describe());
        Assert.Equal(plan.Functions, decoded.Functions);
        Assert.Equal(plan.Schema, decoded.Schema);
    }

    public void Dispose() => _disk.Dispose();
}
