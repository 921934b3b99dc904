using Kiln.Plan.UserCode;

namespace Kiln;

public sealed partial class DataFrame
{
    /// <summary>Caches this DataFrame in memory and on disk (<see cref="Kiln.StorageLevel.MemoryAndDisk"/>); see <see cref="Persist"/>.</summary>
    public DataFrame Cache() => Persist(Kiln.StorageLevel.MemoryAndDisk);

    /// <summary>
    /// Keeps this DataFrame's partitions on the executors once an action computed them: later queries that contain
    /// this DataFrame (by reference: derived DataFrames, views registered from it) read the stored partitions
    /// instead of recomputing them. A partition whose block is lost (executor lost, file deleted) is recomputed
    /// from its lineage. Lazy: nothing runs until the next action.
    /// </summary>
    public DataFrame Persist(StorageLevel level = Kiln.StorageLevel.MemoryAndDisk)
    {
        Session.Engine.Caches.Register(Plan, (CacheLevel)level);
        return this;
    }

    /// <summary>Forgets the cached partitions (executors drop their blocks); later queries recompute.</summary>
    public DataFrame Unpersist()
    {
        if (Session.Engine.Caches.Unregister(Plan) is { } id)
        {
            Session.Engine.UserCode.UnpersistCache(id);
        }

        return this;
    }

    /// <summary>The storage level when this DataFrame is cached, else null.</summary>
    public StorageLevel? StorageLevel => Session.Engine.Caches.LevelOf(Plan) is { } level ? (Kiln.StorageLevel)level : null;

    public bool IsCached => StorageLevel is not null;
}
