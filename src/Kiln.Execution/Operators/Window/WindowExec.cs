using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Hashing;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators.Window;

/// <summary>
/// Computes window functions over input that is hash-partitioned on the PARTITION BY columns and sorted by them and
/// then by the ORDER BY keys (the planner puts an exchange and a <see cref="SortExec"/> below). Rows of one window
/// partition are contiguous: the operator buffers one partition at a time in a <see cref="WindowPartitionBuffer"/>
/// (spilling within the task's memory budget), computes every function over it with <see cref="WindowEvaluator"/>,
/// and emits the input columns followed by one column per function.
/// </summary>
public sealed class WindowExec : ExecNode
{
    public WindowExec(IReadOnlyList<int> partitionKeys, IReadOnlyList<(int Column, bool Ascending)> orderKeys, IReadOnlyList<WindowFunctionSpec> functions, Schema schema, ExecNode child)
    {
        PartitionKeys = partitionKeys;
        OrderKeys = orderKeys;
        Functions = functions;
        Schema = schema;
        Child = child;
    }

    /// <summary>Input columns of PARTITION BY.</summary>
    public IReadOnlyList<int> PartitionKeys { get; }

    /// <summary>Input columns of ORDER BY with their directions (the input is already sorted by them).</summary>
    public IReadOnlyList<(int Column, bool Ascending)> OrderKeys { get; }

    /// <summary>The functions, with arguments as input columns.</summary>
    public IReadOnlyList<WindowFunctionSpec> Functions { get; }

    public ExecNode Child { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var read = OrderKeys.Select(k => k.Column).Concat(Functions.Where(f => f.Argument >= 0).Select(f => f.Argument)).Distinct().ToArray();
        var orderKeys = OrderKeys.Select(k => (Array.IndexOf(read, k.Column), k.Ascending)).ToArray();
        var functions = Functions.Select(f => f.Argument >= 0 ? f with { Argument = Array.IndexOf(read, f.Argument) } : f).ToArray();
        var keys = PartitionKeys.ToArray();
        using var buffer = new WindowPartitionBuffer(Child.Schema, read, context.Memory, context.Disk, context.SpillCodec);
        RecordBatch? last = null;
        try
        {
            foreach (var batch in Child.Execute(partition, context))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (batch.RowCount == 0)
                {
                    continue;
                }

                var start = 0;
                for (var r = 0; r < batch.RowCount; r++)
                {
                    var startsPartition = r == 0
                        ? last is not null && !RowEquality.KeysEqual(last, last.RowCount - 1, keys, batch, 0, keys, nullsEqual: true)
                        : keys.Length > 0 && !RowEquality.KeysEqual(batch, r - 1, keys, batch, r, keys, nullsEqual: true);
                    if (!startsPartition)
                    {
                        continue;
                    }

                    buffer.Add(batch.Slice(start, r - start));
                    foreach (var output in Emit(buffer, functions, orderKeys))
                    {
                        yield return output;
                    }

                    start = r;
                }

                buffer.Add(batch.Slice(start, batch.RowCount - start));
                last = batch;
            }

            foreach (var output in Emit(buffer, functions, orderKeys))
            {
                yield return output;
            }
        }
        finally
        {
            context.Metrics.SpillCount += buffer.SpillCount;
            context.Metrics.SpillBytes += buffer.SpilledBytes;
        }
    }

    private IEnumerable<RecordBatch> Emit(WindowPartitionBuffer buffer, WindowFunctionSpec[] functions, (int, bool)[] orderKeys)
    {
        var rows = buffer.RowCount;
        if (rows == 0)
        {
            yield break;
        }

        var results = WindowEvaluator.Evaluate(functions, orderKeys, buffer.Columns(), rows);
        var offset = 0;
        foreach (var batch in buffer.Rows())
        {
            var columns = new ColumnVector[batch.Columns.Count + results.Length];
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                columns[c] = batch.Columns[c];
            }

            for (var f = 0; f < results.Length; f++)
            {
                columns[batch.Columns.Count + f] = results[f].Slice(offset, batch.RowCount);
            }

            offset += batch.RowCount;
            yield return new RecordBatch(Schema, columns, batch.RowCount);
        }

        buffer.Clear();
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new WindowExec(PartitionKeys, OrderKeys, Functions, Schema, children[0]);

    public override string Describe() =>
        $"Window [{string.Join(", ", Functions.Select(f => f.Describe(Child.Schema)))}], partition by [{string.Join(", ", PartitionKeys.Select(k => Child.Schema[k].Name))}], order by [{string.Join(", ", OrderKeys.Select(k => $"{Child.Schema[k.Column].Name} {(k.Ascending ? "ASC" : "DESC")}"))}]";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteList(PartitionKeys, writer.Write);
        writer.WriteList(OrderKeys, k =>
        {
            writer.Write(k.Column);
            writer.Write(k.Ascending);
        });
        writer.WriteList(Functions, f => f.Write(writer));
        writer.Write(Schema);
    }

    public static WindowExec Read(PlanReader reader, ExecNode child)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var partitionKeys = reader.ReadList(reader.ReadInt);
        var orderKeys = reader.ReadList(() => (reader.ReadInt(), reader.ReadBool()));
        var functions = reader.ReadList(() => WindowFunctionSpec.Read(reader));
        var schema = reader.ReadSchema();
        return new WindowExec(partitionKeys, orderKeys, functions, schema, child);
    }
}
