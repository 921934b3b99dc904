using Kiln.Plan.Logical;
using Kiln.Plan.UserCode;
using Kiln.Scheduler.Events;

namespace Kiln.UserCode;

/// <summary>
/// The driver's registry of cached plans (each one registered and removed is told to the listener bus, for the Storage tab). Before a query is optimized, every subtree that is (by reference) a
/// cached plan is replaced by a <see cref="CachedRelation"/>: its tasks read the executors' blocks, and compute and
/// store the partitions that are missing. Plans built on a cached DataFrame share its plan object, so they match.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class CacheManager
{
    private readonly ExecutionEngine _engine;
    private readonly List<Entry> _entries = [];
    private long _nextId;

    public CacheManager(ExecutionEngine engine) => _engine = engine;

    /// <summary>Marks a plan as cached (idempotent: a plan cached twice keeps its first level) and returns its cache id.</summary>
    public long Register(LogicalPlan plan, CacheLevel level)
    {
        Entry entry;
        lock (_entries)
        {
            if (Find(plan) is { } existing)
            {
                return existing.Id;
            }

            entry = new Entry(plan, Interlocked.Increment(ref _nextId), level);
            _entries.Add(entry);
        }

        if (_engine.Monitor is { } monitor)
        {
            monitor.Bus.Post(new CachePersisted(monitor.Bus.Now, entry.Id, plan.Describe(), LevelName(level), PartitionCount(plan)));
        }

        return entry.Id;
    }

    /// <summary>The cached plan's partition count for the Storage tab; 0 when it cannot be planned yet (the action will say why).</summary>
    private int PartitionCount(LogicalPlan plan)
    {
        try
        {
            return _engine.Planner.Plan(_engine.Optimizer.Optimize(plan)).PartitionCount;
        }
        catch (Exception e) when (e is Common.Errors.KilnException or IOException)
        {
            return 0;
        }
    }

    /// <summary>Spark's name of a storage level, as the Storage tab shows it.</summary>
    public static string LevelName(CacheLevel level) => level switch
    {
        CacheLevel.MemoryOnly => "MEMORY_ONLY",
        CacheLevel.DiskOnly => "DISK_ONLY",
        _ => "MEMORY_AND_DISK",
    };

    /// <summary>Forgets a cached plan; returns its cache id, or null when it was not cached.</summary>
    public long? Unregister(LogicalPlan plan)
    {
        lock (_entries)
        {
            var entry = Find(plan);
            if (entry is null)
            {
                return null;
            }

            _entries.Remove(entry);
            if (_engine.Monitor is { } monitor)
            {
                monitor.Bus.Post(new CacheUnpersisted(monitor.Bus.Now, entry.Id));
            }

            return entry.Id;
        }
    }

    /// <summary>The cache id of a cached plan, or null.</summary>
    public long? IdOf(LogicalPlan plan)
    {
        lock (_entries)
        {
            return Find(plan)?.Id;
        }
    }

    public CacheLevel? LevelOf(LogicalPlan plan)
    {
        lock (_entries)
        {
            return Find(plan)?.Level;
        }
    }

    /// <summary>The plan with its cached subtrees replaced by cache reads.</summary>
    public LogicalPlan Substitute(LogicalPlan plan)
    {
        Entry[] entries;
        lock (_entries)
        {
            entries = _entries.ToArray();
        }

        return entries.Length == 0 ? plan : Substitute(plan, entries);
    }

    private LogicalPlan Substitute(LogicalPlan plan, Entry[] entries) => plan.TransformDown(node =>
    {
        var entry = Array.Find(entries, e => ReferenceEquals(e.Plan, node));
        if (entry is null)
        {
            return node;
        }

        var lineage = node.Children.Count == 0 ? node : node.WithChildren(node.Children.Select(c => Substitute(c, entries)).ToArray());
        var optimized = _engine.Optimizer.Optimize(lineage);
        var partitions = _engine.Planner.Plan(optimized).PartitionCount;
        var materialized = _engine.UserCode.Cache.IsComplete(entry.Id, partitions);
        return new CachedRelation(entry.Id, entry.Level, node.Output, optimized, materialized, partitions);
    });

    private Entry? Find(LogicalPlan plan) => _entries.Find(e => ReferenceEquals(e.Plan, plan));

    private sealed record Entry(LogicalPlan Plan, long Id, CacheLevel Level);
}
