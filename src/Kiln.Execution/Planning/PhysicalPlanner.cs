using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.DataSources.Files;
using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Execution.Sort;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;

namespace Kiln.Execution.Planning;

/// <summary>
/// Turns an optimized logical plan into physical operators with explicit exchanges:
/// aggregations become partial → hash exchange → final; joins become broadcast hash joins (small build side),
/// shuffled hash joins, or broadcast nested-loop joins (no equality keys); sorts become range exchange → sort;
/// limits become local limit → single exchange → limit (top-N sorts when over a sort).
/// </summary>
public sealed class PhysicalPlanner
{
    private readonly KilnConf _conf;

    public PhysicalPlanner(KilnConf conf, int defaultParallelism)
    {
        _conf = conf;
        DefaultParallelism = defaultParallelism;
        ShufflePartitions = conf.Get(ConfigKeys.ShufflePartitions);
        BroadcastThreshold = conf.Get(ConfigKeys.BroadcastJoinThreshold);
    }

    public int DefaultParallelism { get; }

    public int ShufflePartitions { get; }

    public long BroadcastThreshold { get; }

    public ExecNode Plan(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan switch
        {
            Scan s => PlanScan(s),
            LocalRelation l => new LocalTableExec(ExprBinder.SchemaOf(l.Output), l.Batches, Math.Min(Math.Max(1, l.Batches.Count), DefaultParallelism)),
            RangeRelation r => PlanRange(r),
            Project p => PlanProject(p.Projections, p.Output, Plan(p.Child), p.Child.Output),
            Filter f => new FilterExec(ExprBinder.Bind(f.Condition, f.Child.Output), Plan(f.Child)),
            SubqueryAlias a => Plan(a.Child),
            Aggregate a => new AggregatePlanner(this).Plan(a),
            Kiln.Plan.Logical.Window w => new WindowPlanner(this).Plan(w),
            Join j => new JoinPlanner(this).Plan(j),
            Kiln.Plan.Logical.Sort s => PlanSort(s, null),
            Limit { Child: Kiln.Plan.Logical.Sort s } l => PlanSort(s, l.Count),
            Limit l => PlanLimit(l),
            Union u => new UnionExec(ExprBinder.SchemaOf(u.Output), u.Inputs.Select(Plan).ToArray()),
            Distinct d => Plan(new ReplaceDistinct().Apply(d)),
            Kiln.Plan.UserCode.UserCodeNode u => UserCode.UserCodePlanner.Plan(this, u),
            EnforceSingleRow e => PlanEnforceSingleRow(e),
            _ => throw new NotSupportedException($"no physical plan for {plan.Describe()}"),
        };
    }

    public static ExecNode PlanProject(IReadOnlyList<Expr> projections, IReadOnlyList<AttributeRef> output, ExecNode child, IReadOnlyList<AttributeRef> childOutput) =>
        new ProjectExec(projections.Select(e => ExprBinder.Bind(e, childOutput)).ToArray(), ExprBinder.SchemaOf(output), child);

    private ExecNode PlanScan(Scan s)
    {
        var files = ScanFiles(s);
        var multiLine = s.Source.Options.TryGetValue("multiLine", out var ml) && bool.TryParse(ml, out var b) && b;
        var splits = FileSplitPlanner.Plan(files, _conf.Get(ConfigKeys.MaxPartitionBytes), DefaultParallelism, splittable: !multiLine);
        var columns = s.Columns.Select(c => s.Attributes.ToList().FindIndex(a => a.Id == c.Id)).ToArray();
        var filter = Predicates.Combine(s.Filters);
        return new ScanExec(s.Source, splits, columns, filter is null ? null : ExprBinder.Bind(filter, s.Columns), ExprBinder.SchemaOf(s.Output));
    }

    /// <summary>
    /// The files a scan reads. For a partitioned table, files whose partition values fail the pushed-down conjuncts
    /// that read only partition columns are left out (partition pruning): the conjuncts are evaluated once over a batch
    /// holding one row per file.
    /// </summary>
    public static IReadOnlyList<string> ScanFiles(Scan s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Source.PartitionColumns.Count == 0)
        {
            return s.Source.Paths.SelectMany(FileSplitPlanner.ListFiles).ToArray();
        }

        var files = FileIndex.List(s.Source.Paths).Files;
        var fileCount = s.Source.FileColumnCount;
        var partitionAttributes = s.Attributes.Skip(fileCount).ToArray();
        var conjuncts = s.Filters.SelectMany(Predicates.SplitConjuncts)
            .Where(c => Predicates.IsDeterministic(c) && Predicates.ReadsOnly(c, partitionAttributes)).ToArray();
        if (conjuncts.Length == 0 || files.Count == 0)
        {
            return files.Select(f => f.Path).ToArray();
        }

        var raw = files.Select(f => PartitionPaths.ValuesOf(f.Path, s.Source.PartitionColumns)).ToArray();
        var vectors = partitionAttributes.Select((a, i) => PartitionValues.Of(a.Type, raw.Select(r => PartitionValues.Parse(r[i], a.Type)))).ToArray();
        var batch = new Common.Batches.RecordBatch(ExprBinder.SchemaOf(partitionAttributes), vectors, files.Count);
        var keep = new bool[files.Count];
        Array.Fill(keep, true);
        foreach (var conjunct in conjuncts)
        {
            var result = Expressions.ExpressionEvaluator.Evaluate(ExprBinder.Bind(conjunct, partitionAttributes), batch);
            for (var i = 0; i < keep.Length; i++)
            {
                keep[i] &= !result.IsNull(i) && result.GetValue(i) is true;
            }
        }

        return files.Where((_, i) => keep[i]).Select(f => f.Path).ToArray();
    }

    /// <summary>A range's partitions: those asked for, else the default parallelism but at most one per batch of ids (as for a local relation).</summary>
    private RangeExec PlanRange(RangeRelation r)
    {
        var batchSize = _conf.Get(ConfigKeys.BatchSize);
        var partitions = r.NumPartitions ?? (int)Int128.Clamp((r.Sequence.Count + batchSize - 1) / batchSize, 1, Math.Max(1, DefaultParallelism));
        return new RangeExec(r.Sequence, partitions, ExprBinder.SchemaOf(r.Output));
    }

    /// <summary>Estimated bytes a subtree produces, from its input file sizes; null when unknown.</summary>
    public static long? EstimateBytes(LogicalPlan plan) => plan switch
    {
        Scan s => ScanFiles(s).Sum(f => new FileInfo(f).Length),
        LocalRelation l => l.Batches.Sum(b => b.EstimatedBytes),
        RangeRelation r => (long)Int128.Min(r.Sequence.Count * sizeof(long), long.MaxValue),
        Project or Filter or SubqueryAlias or Limit or Kiln.Plan.Logical.Sort or EnforceSingleRow => EstimateBytes(plan.Children[0]),
        Aggregate a => EstimateBytes(a.Child),
        Kiln.Plan.Logical.Window w => EstimateBytes(w.Child),
        _ => null,
    };

    private ExecNode PlanSort(Kiln.Plan.Logical.Sort sort, int? limit)
    {
        var child = Plan(sort.Child);
        var input = sort.Child.Output;
        var (keyed, keys, extra) = WithKeyColumns(child, input, sort.Order.Select(o => o.Expr).ToArray());
        var specs = keys.Select((k, i) => new SortKeySpec(k, sort.Order[i].Ascending, sort.Order[i].NullsFirst)).ToArray();
        ExecNode result;
        if (limit is { } n)
        {
            var local = new SortExec(specs, n, keyed);
            result = keyed.PartitionCount == 1 ? local : new SortExec(specs, n, new ShuffleExchangeExec(new SinglePartitioning(), local));
        }
        else if (keyed.PartitionCount == 1)
        {
            result = new SortExec(specs, null, keyed);
        }
        else
        {
            var order = sort.Order.Select((o, i) => o.WithExpr(new BoundRef(keys[i], keyed.Schema[keys[i]].Type, true, keyed.Schema[keys[i]].Name))).ToArray();
            result = new SortExec(specs, null, new ShuffleExchangeExec(new RangePartitioning(order, ShufflePartitions), keyed));
        }

        return extra == 0 ? result : DropTrailing(result, extra);
    }

    /// <summary>Makes every expression a column: plain attributes map to their ordinal, others are appended by a projection.</summary>
    public static (ExecNode Node, int[] Ordinals, int Appended) WithKeyColumns(ExecNode child, IReadOnlyList<AttributeRef> input, IReadOnlyList<Expr> exprs)
    {
        var ordinals = new int[exprs.Count];
        var appended = new List<Expr>();
        for (var i = 0; i < exprs.Count; i++)
        {
            var bound = ExprBinder.Bind(exprs[i], input);
            if (bound is BoundRef r)
            {
                ordinals[i] = r.Ordinal;
            }
            else
            {
                ordinals[i] = input.Count + appended.Count;
                appended.Add(bound);
            }
        }

        if (appended.Count == 0)
        {
            return (child, ordinals, 0);
        }

        var projections = input.Select((a, i) => (Expr)new BoundRef(i, a.Type, a.Nullable, a.Name)).Concat(appended).ToArray();
        var schema = new Common.Types.Schema(child.Schema.Fields.Concat(appended.Select((e, i) => new Common.Types.Field($"_key{i}", e.Type, true))));
        return (new ProjectExec(projections, schema, child), ordinals, appended.Count);
    }

    public static ExecNode DropTrailing(ExecNode node, int count)
    {
        var keep = node.Schema.Count - count;
        var exprs = Enumerable.Range(0, keep).Select(i => (Expr)new BoundRef(i, node.Schema[i].Type, node.Schema[i].Nullable, node.Schema[i].Name)).ToArray();
        return new ProjectExec(exprs, new Common.Types.Schema(node.Schema.Fields.Take(keep)), node);
    }

    private ExecNode PlanEnforceSingleRow(EnforceSingleRow enforce)
    {
        var child = Plan(enforce.Child);
        return new EnforceSingleRowExec(child.PartitionCount == 1 ? child : new ShuffleExchangeExec(new SinglePartitioning(), child));
    }

    private ExecNode PlanLimit(Limit limit)
    {
        var child = Plan(limit.Child);
        var local = new LimitExec(limit.Count, child);
        return child.PartitionCount == 1 ? local : new LimitExec(limit.Count, new ShuffleExchangeExec(new SinglePartitioning(), local));
    }

    internal static AnalysisException Unsupported(string message) => new(message);
}
