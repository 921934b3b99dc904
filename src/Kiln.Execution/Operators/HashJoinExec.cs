using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Operators.Aggregation;
using Kiln.Execution.Operators.Joins;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Equi-join: the right child is the build side (hashed in memory), the left child streams through it.
/// Supports inner, left outer, left semi, left anti, existence (each left row plus a boolean "matched" column) and
/// full outer joins (the planner turns right outer joins around). An optional <see cref="Condition"/> over the joined row (left columns then right columns) decides
/// which key matches count.
/// <para>
/// Build input comes from the same partition of the right child (both sides hash-partitioned on the keys),
/// or, when <see cref="BroadcastBuild"/> is set, from its only partition, read by every task.
/// If a non-broadcast build side exceeds the task's memory budget, both sides are split into 16 spill files by
/// key hash and each pair is joined on its own (grace hash join), recursively with other hash bits.
/// </para>
/// <para>
/// <see cref="NullAwareAnti"/> makes a left anti join on one key follow NOT IN: a probe row survives only when its
/// key differs from every build key. So a NULL build key removes every row, and a NULL probe key removes its row
/// unless the build side is empty. It needs the whole build side in every task, so it is always broadcast.
/// </para>
/// </summary>
public sealed class HashJoinExec : ExecNode
{
    private const int MaxSpillLevel = 3;

    public HashJoinExec(JoinType joinType, IReadOnlyList<int> leftKeys, IReadOnlyList<int> rightKeys, Expr? condition, bool broadcastBuild, Schema schema, ExecNode left, ExecNode right, bool nullAwareAnti = false)
    {
        if (joinType is JoinType.RightOuter or JoinType.Cross)
        {
            throw new ArgumentException($"{joinType} joins are planned differently", nameof(joinType));
        }

        if (nullAwareAnti && (joinType != JoinType.LeftAnti || leftKeys.Count != 1 || condition is not null || !broadcastBuild))
        {
            throw new ArgumentException("a null-aware anti join has one key, no other condition and a broadcast build side", nameof(nullAwareAnti));
        }

        NullAwareAnti = nullAwareAnti;

        JoinType = joinType;
        LeftKeys = leftKeys;
        RightKeys = rightKeys;
        Condition = condition;
        BroadcastBuild = broadcastBuild;
        Schema = schema;
        Left = left;
        Right = right;
        JoinedSchema = new Schema(left.Schema.Fields.Concat(right.Schema.Fields));
    }

    public JoinType JoinType { get; }

    public IReadOnlyList<int> LeftKeys { get; }

    public IReadOnlyList<int> RightKeys { get; }

    /// <summary>Extra predicate bound to <see cref="JoinedSchema"/>.</summary>
    public Expr? Condition { get; }

    public bool BroadcastBuild { get; }

    /// <summary>A left anti join with NOT IN semantics for NULL keys (see the type's remarks).</summary>
    public bool NullAwareAnti { get; }

    public ExecNode Left { get; }

    public ExecNode Right { get; }

    public Schema JoinedSchema { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => [Left, Right];

    public override int PartitionCount => Left.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var condition = Condition is null ? null : Expressions.ExpressionEvaluator.Compile(Condition);
        var build = Right.Execute(BroadcastBuild ? 0 : partition, context);
        var probe = Left.Execute(partition, context);
        return Join(build, probe, condition, context, BroadcastBuild ? MaxSpillLevel : 0);
    }

    private IEnumerable<RecordBatch> Join(IEnumerable<RecordBatch> buildInput, IEnumerable<RecordBatch> probeInput, Expressions.IPhysicalExpr? condition, TaskContext context, int level)
    {
        var buffered = new List<RecordBatch>();
        long bytes = 0;
        using var buildEnumerator = buildInput.GetEnumerator();
        while (buildEnumerator.MoveNext())
        {
            var batch = buildEnumerator.Current;
            buffered.Add(batch);
            bytes += batch.EstimatedBytes;
            if (bytes * 3 > context.MemoryBudget && level < MaxSpillLevel)
            {
                foreach (var output in GraceJoin(buffered, buildEnumerator, probeInput, condition, context, level))
                {
                    yield return output;
                }

                yield break;
            }
        }

        var table = new JoinHashTable(RecordBatch.Concat(Right.Schema, buffered.Count == 0 ? [RecordBatch.Empty(Right.Schema)] : buffered), RightKeys);
        var buildHasRows = table.Build.RowCount > 0;
        if (NullAwareAnti && buildHasRows && Enumerable.Range(0, table.Build.RowCount).Any(r => JoinHashTable.HasNullKey(table.Keys, r)))
        {
            yield break; // x NOT IN (..., NULL, ...) is never TRUE
        }

        foreach (var probe in probeInput)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var output in Probe(table, probe, condition, context.BatchSize, NullAwareAnti && buildHasRows))
            {
                yield return output;
            }
        }

        if (JoinType == JoinType.FullOuter)
        {
            foreach (var output in UnmatchedBuildRows(table, context.BatchSize))
            {
                yield return output;
            }
        }
    }

    private IEnumerable<RecordBatch> GraceJoin(List<RecordBatch> buffered, IEnumerator<RecordBatch> restOfBuild, IEnumerable<RecordBatch> probeInput, Expressions.IPhysicalExpr? condition, TaskContext context, int level)
    {
        var directory = Path.Combine(context.LocalDir, "spill");
        using var buildSpill = new SpillPartitions(directory, Right.Schema, level);
        using var probeSpill = new SpillPartitions(directory, Left.Schema, level);
        foreach (var b in buffered)
        {
            buildSpill.Write(b, RightKeys);
        }

        buffered.Clear();
        while (restOfBuild.MoveNext())
        {
            buildSpill.Write(restOfBuild.Current, RightKeys);
        }

        foreach (var p in probeInput)
        {
            probeSpill.Write(p, LeftKeys);
        }

        context.Metrics.SpillCount++;
        context.Metrics.SpillBytes += buildSpill.BytesWritten + probeSpill.BytesWritten;
        for (var p = 0; p < SpillPartitions.FanOut; p++)
        {
            foreach (var output in Join(buildSpill.Read(p), probeSpill.Read(p), condition, context, level + 1))
            {
                yield return output;
            }
        }
    }

    /// <param name="nullKeysMatch">Whether a probe row with a NULL key counts as matched (NOT IN against a non-empty build side).</param>
    private IEnumerable<RecordBatch> Probe(JoinHashTable table, RecordBatch probe, Expressions.IPhysicalExpr? condition, int batchSize, bool nullKeysMatch)
    {
        var rows = probe.RowCount;
        var probeKeys = LeftKeys.Select(probe.Column).ToArray();
        var matchers = table.Keys.Select((k, i) => KeyMatcher.Create(k, probeKeys[i])).ToArray();
        var hashes = new ulong[rows];
        TableHasher.Hash(probeKeys, hashes);
        var probeIdx = new List<int>();
        var buildIdx = new List<int>();
        for (var r = 0; r < rows; r++)
        {
            if (JoinHashTable.HasNullKey(probeKeys, r))
            {
                if (nullKeysMatch)
                {
                    probeIdx.Add(r);
                    buildIdx.Add(0);
                }

                continue;
            }

            for (var b = table.First(hashes[r]); b >= 0; b = table.Next(b))
            {
                if (table.HashOf(b) == hashes[r] && AllMatch(matchers, b, r))
                {
                    probeIdx.Add(r);
                    buildIdx.Add(b);
                }
            }
        }

        if (condition is not null && probeIdx.Count > 0)
        {
            var candidates = Pair(probe, table.Build, probeIdx, buildIdx, JoinedSchema);
            var keep = Expressions.Predicate.Select(condition.Evaluate(candidates));
            probeIdx = keep.Select(i => probeIdx[i]).ToList();
            buildIdx = keep.Select(i => buildIdx[i]).ToList();
        }

        if (JoinType == JoinType.FullOuter)
        {
            foreach (var b in buildIdx)
            {
                table.Matched[b] = true;
            }
        }

        switch (JoinType)
        {
            case JoinType.Inner:
                foreach (var chunk in Chunks(probeIdx.Count, batchSize))
                {
                    yield return Pair(probe, table.Build, probeIdx.GetRange(chunk.Start, chunk.Count), buildIdx.GetRange(chunk.Start, chunk.Count), Schema);
                }

                break;
            case JoinType.Existence:
                {
                    var matched = new bool[rows];
                    foreach (var p in probeIdx)
                    {
                        matched[p] = true;
                    }

                    yield return new RecordBatch(Schema, [.. probe.Columns, Expressions.VectorFactory.Bools(matched, null)], rows);
                    break;
                }

            case JoinType.LeftSemi or JoinType.LeftAnti:
                {
                    var matched = new bool[rows];
                    foreach (var p in probeIdx)
                    {
                        matched[p] = true;
                    }

                    var wanted = JoinType == JoinType.LeftSemi;
                    var selected = Enumerable.Range(0, rows).Where(r => matched[r] == wanted).ToArray();
                    if (selected.Length > 0)
                    {
                        yield return probe.Gather(selected).WithSchema(Schema);
                    }

                    break;
                }

            default:
                {
                    foreach (var chunk in Chunks(probeIdx.Count, batchSize))
                    {
                        yield return Pair(probe, table.Build, probeIdx.GetRange(chunk.Start, chunk.Count), buildIdx.GetRange(chunk.Start, chunk.Count), Schema);
                    }

                    var matched = new bool[rows];
                    foreach (var p in probeIdx)
                    {
                        matched[p] = true;
                    }

                    var unmatched = Enumerable.Range(0, rows).Where(r => !matched[r]).ToArray();
                    if (unmatched.Length > 0)
                    {
                        var left = probe.Gather(unmatched);
                        var columns = left.Columns.Concat(Right.Schema.Fields.Select(f => NullColumns.Create(f.Type, unmatched.Length))).ToArray();
                        yield return new RecordBatch(Schema, columns, unmatched.Length);
                    }

                    break;
                }
        }
    }

    private IEnumerable<RecordBatch> UnmatchedBuildRows(JoinHashTable table, int batchSize)
    {
        var unmatched = Enumerable.Range(0, table.Build.RowCount).Where(r => !table.Matched[r]).ToArray();
        foreach (var chunk in Chunks(unmatched.Length, batchSize))
        {
            var right = table.Build.Gather(unmatched.AsSpan(chunk.Start, chunk.Count));
            var columns = Left.Schema.Fields.Select(f => NullColumns.Create(f.Type, chunk.Count)).Concat(right.Columns).ToArray();
            yield return new RecordBatch(Schema, columns, chunk.Count);
        }
    }

    private static bool AllMatch(KeyMatcher[] matchers, int buildRow, int probeRow)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(buildRow, probeRow))
            {
                return false;
            }
        }

        return true;
    }

    private static RecordBatch Pair(RecordBatch probe, RecordBatch build, List<int> probeIdx, List<int> buildIdx, Schema schema)
    {
        var left = probe.Gather(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(probeIdx));
        var right = build.Gather(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buildIdx));
        return new RecordBatch(schema, left.Columns.Concat(right.Columns).ToArray(), probeIdx.Count);
    }

    private static IEnumerable<(int Start, int Count)> Chunks(int total, int size)
    {
        for (var start = 0; start < total; start += size)
        {
            yield return (start, Math.Min(size, total - start));
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) =>
        new HashJoinExec(JoinType, LeftKeys, RightKeys, Condition, BroadcastBuild, Schema, children[0], children[1], NullAwareAnti);

    public override string Describe() =>
        $"{(BroadcastBuild ? "BroadcastHashJoin" : "ShuffledHashJoin")} {JoinType}{(NullAwareAnti ? " (null-aware)" : "")} left=[{string.Join(", ", LeftKeys.Select(k => Left.Schema[k].Name))}] right=[{string.Join(", ", RightKeys.Select(k => Right.Schema[k].Name))}]"
        + (Condition is null ? "" : $" condition={Condition}");

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write((int)JoinType);
        writer.WriteList(LeftKeys, writer.Write);
        writer.WriteList(RightKeys, writer.Write);
        writer.WriteOptional(Condition);
        writer.Write(BroadcastBuild);
        writer.Write(Schema);
        writer.Write(NullAwareAnti);
    }

    public static HashJoinExec Read(PlanReader reader, ExecNode left, ExecNode right)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = (JoinType)reader.ReadInt();
        var leftKeys = reader.ReadList(reader.ReadInt);
        var rightKeys = reader.ReadList(reader.ReadInt);
        var condition = reader.ReadOptionalExpr();
        var broadcast = reader.ReadBool();
        var schema = reader.ReadSchema();
        return new HashJoinExec(type, leftKeys, rightKeys, condition, broadcast, schema, left, right, reader.ReadBool());
    }
}
