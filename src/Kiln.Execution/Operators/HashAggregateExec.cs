using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Operators.Aggregation;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Hash aggregation over plain input columns (the planner projects grouping keys and aggregate arguments first).
/// <para>
/// Partial mode: groups rows of the child by <see cref="GroupOrdinals"/>, updates per-group states, and emits
/// <c>keys + state columns</c>. When the table outgrows the task's memory budget it emits what it has and starts
/// over: the final phase merges duplicates, so nothing is lost.
/// </para>
/// <para>
/// Final mode: input is <c>keys + state columns</c>; merges states per group and emits <c>keys + results</c>.
/// When the table outgrows the budget, its groups are written to 16 spill files by hash bits, and each file is
/// aggregated on its own afterwards (recursively, with other hash bits, if one is still too large).
/// </para>
/// </summary>
public sealed class HashAggregateExec : ExecNode
{
    private const int MaxSpillLevel = 3;

    public HashAggregateExec(AggregateMode mode, IReadOnlyList<int> groupOrdinals, IReadOnlyList<AggregateSpec> aggregates, Schema schema, ExecNode child)
    {
        Mode = mode;
        GroupOrdinals = groupOrdinals;
        Aggregates = aggregates;
        Schema = schema;
        Child = child;
    }

    public AggregateMode Mode { get; }

    public IReadOnlyList<int> GroupOrdinals { get; }

    public IReadOnlyList<AggregateSpec> Aggregates { get; }

    public ExecNode Child { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = Child.Execute(partition, context);
        return Mode == AggregateMode.Partial ? ExecutePartial(input, context) : ExecuteFinal(input, context, 0);
    }

    private IEnumerable<RecordBatch> ExecutePartial(IEnumerable<RecordBatch> input, TaskContext context)
    {
        var table = new GroupTable(GroupOrdinals.Select(o => Child.Schema[o].Type).ToArray());
        var states = Aggregates.Select(a => a.CreateState()).ToArray();
        var groupIds = new int[context.BatchSize];
        foreach (var batch in input)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (groupIds.Length < batch.RowCount)
            {
                groupIds = new int[batch.RowCount];
            }

            table.FindOrInsert(GroupOrdinals.Select(batch.Column).ToArray(), batch.RowCount, groupIds);
            for (var a = 0; a < states.Length; a++)
            {
                states[a].EnsureCapacity(table.Count);
                var ordinal = Aggregates[a].InputOrdinal;
                states[a].Update(groupIds, ordinal is { } o ? batch.Column(o) : null, batch.RowCount);
            }

            if (Footprint(table, states) > context.MemoryBudget)
            {
                foreach (var output in Emit(table, states, context.BatchSize, final: false))
                {
                    yield return output;
                }

                Reset(table, states);
            }
        }

        if (table.Count == 0 && GroupOrdinals.Count == 0)
        {
            table.FindOrInsert([], 0, groupIds);
            foreach (var s in states)
            {
                s.EnsureCapacity(1);
            }
        }

        foreach (var output in Emit(table, states, context.BatchSize, final: false))
        {
            yield return output;
        }
    }

    private IEnumerable<RecordBatch> ExecuteFinal(IEnumerable<RecordBatch> input, TaskContext context, int level)
    {
        var keyCount = GroupOrdinals.Count;
        var table = new GroupTable(Enumerable.Range(0, keyCount).Select(i => Child.Schema[i].Type).ToArray());
        var states = Aggregates.Select(a => a.CreateState()).ToArray();
        var stateOffsets = StateOffsets(states, keyCount);
        var groupIds = new int[context.BatchSize];
        SpillPartitions? spill = null;
        try
        {
            foreach (var batch in input)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (groupIds.Length < batch.RowCount)
                {
                    groupIds = new int[batch.RowCount];
                }

                var keys = Enumerable.Range(0, keyCount).Select(batch.Column).ToArray();
                table.FindOrInsert(keys, batch.RowCount, groupIds);
                for (var a = 0; a < states.Length; a++)
                {
                    states[a].EnsureCapacity(table.Count);
                    var stateColumns = Enumerable.Range(stateOffsets[a], states[a].StateTypes.Count).Select(batch.Column).ToArray();
                    states[a].Merge(groupIds, stateColumns, batch.RowCount);
                }

                if (keyCount > 0 && level < MaxSpillLevel && Footprint(table, states) > context.MemoryBudget)
                {
                    spill ??= new SpillPartitions(Path.Combine(context.LocalDir, "spill"), Child.Schema, level);
                    SpillTable(table, states, spill, context);
                    Reset(table, states);
                }
            }

            if (table.Count == 0 && keyCount == 0)
            {
                table.FindOrInsert([], 0, groupIds);
                foreach (var s in states)
                {
                    s.EnsureCapacity(1);
                }
            }

            if (spill is null)
            {
                foreach (var output in Emit(table, states, context.BatchSize, final: true))
                {
                    yield return output;
                }

                yield break;
            }

            SpillTable(table, states, spill, context);
            Reset(table, states);
            for (var p = 0; p < SpillPartitions.FanOut; p++)
            {
                foreach (var output in ExecuteFinal(spill.Read(p), context, level + 1))
                {
                    yield return output;
                }
            }
        }
        finally
        {
            spill?.Dispose();
        }
    }

    private void SpillTable(GroupTable table, AggState[] states, SpillPartitions spill, TaskContext context)
    {
        var keyColumns = Enumerable.Range(0, GroupOrdinals.Count).ToArray();
        foreach (var batch in Emit(table, states, context.BatchSize, final: false))
        {
            spill.Write(batch.WithSchema(Child.Schema), keyColumns);
        }

        context.Metrics.SpillCount++;
        context.Metrics.SpillBytes = spill.BytesWritten;
    }

    private static int[] StateOffsets(AggState[] states, int keyCount)
    {
        var offsets = new int[states.Length];
        var next = keyCount;
        for (var a = 0; a < states.Length; a++)
        {
            offsets[a] = next;
            next += states[a].StateTypes.Count;
        }

        return offsets;
    }

    private static long Footprint(GroupTable table, AggState[] states) =>
        table.Bytes + (table.Count * states.Sum(s => s.BytesPerGroup));

    private static void Reset(GroupTable table, AggState[] states)
    {
        table.Clear();
        foreach (var s in states)
        {
            s.Clear();
        }
    }

    private IEnumerable<RecordBatch> Emit(GroupTable table, AggState[] states, int batchSize, bool final)
    {
        var schema = final || Mode == AggregateMode.Partial ? Schema : Child.Schema;
        for (var start = 0; start < table.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, table.Count - start);
            var columns = new List<ColumnVector>(table.BuildKeys(start, count));
            foreach (var s in states)
            {
                if (final)
                {
                    columns.Add(s.Result(start, count));
                }
                else
                {
                    s.WriteStates(start, count, columns);
                }
            }

            yield return new RecordBatch(schema, columns, count);
        }
    }


    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new HashAggregateExec(Mode, GroupOrdinals, Aggregates, Schema, children[0]);

    public override string Describe() =>
        $"HashAggregate({Mode}) keys=[{string.Join(", ", GroupOrdinals.Select(o => Child.Schema[o].Name))}] functions=[{string.Join(", ", Aggregates)}]";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write((int)Mode);
        writer.WriteList(GroupOrdinals, writer.Write);
        writer.WriteList(Aggregates, a =>
        {
            writer.Write((int)a.Function);
            writer.Write(a.InputOrdinal ?? -1);
            writer.Write(a.InputType ?? DataType.Null);
            writer.Write(a.ResultType);
        });
        writer.Write(Schema);
    }

    public static HashAggregateExec Read(PlanReader reader, ExecNode child)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var mode = (AggregateMode)reader.ReadInt();
        var groups = reader.ReadList(reader.ReadInt);
        var aggregates = reader.ReadList(() =>
        {
            var function = (Plan.Expressions.AggregateFunction)reader.ReadInt();
            var ordinal = reader.ReadInt();
            var inputType = reader.ReadType();
            return new AggregateSpec(function, ordinal < 0 ? null : ordinal, inputType.Id == TypeId.Null && ordinal < 0 ? null : inputType, reader.ReadType());
        });
        return new HashAggregateExec(mode, groups, aggregates, reader.ReadSchema(), child);
    }
}
