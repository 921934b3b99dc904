namespace Kiln.Execution.UserCode;

/// <summary>
/// What one executor offers user code, shared by all its tasks: the loader that resolves the application's code,
/// the broadcast values it fetched, and the block store that holds cached partitions.
/// </summary>
/// <remarks>
/// One per executor (process, or the driver's task threads in local mode). An executor process builds it at start:
/// <c>new UserCodeEnvironment(new ApplicationCodeLoader(appPaths), new BroadcastCache(fetchFromDriver), new LocalBlockStore(disk))</c>.
/// Thread-safe.
/// </remarks>
public sealed class UserCodeEnvironment
{
    public UserCodeEnvironment(UserCodeLoader loader, BroadcastCache broadcasts, IBlockStore blocks)
    {
        Loader = loader ?? throw new ArgumentNullException(nameof(loader));
        Broadcasts = broadcasts ?? throw new ArgumentNullException(nameof(broadcasts));
        Blocks = blocks ?? throw new ArgumentNullException(nameof(blocks));
    }

    /// <summary>Resolves in the default context, fetches no broadcasts and caches nothing: for executors set up without user-code services.</summary>
    public static UserCodeEnvironment Detached { get; } = new(UserCodeLoader.Default, new BroadcastCache(null), NoBlockStore.Instance);

    public UserCodeLoader Loader { get; }

    public BroadcastCache Broadcasts { get; }

    public IBlockStore Blocks { get; }
}
