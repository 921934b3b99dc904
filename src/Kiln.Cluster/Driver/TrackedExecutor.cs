using Kiln.Network;
using Kiln.Network.Rpc;

namespace Kiln.Cluster.Driver;

/// <summary>The driver's record of one executor (see <see cref="ExecutorState"/>).</summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
internal sealed class TrackedExecutor
{
    public TrackedExecutor(string id, IExecutorHandle handle, DateTimeOffset launchedAt)
    {
        Id = id;
        Handle = handle;
        LaunchedAt = launchedAt;
    }

    public string Id { get; }

    public IExecutorHandle Handle { get; }

    public ExecutorState State { get; set; } = ExecutorState.Starting;

    public DateTimeOffset LaunchedAt { get; }

    public string? Host { get; set; }

    public NetworkAddress? BlockServer { get; set; }

    public int Cores { get; set; }

    public int FreeCores { get; set; }

    /// <summary>The executor's "executor" endpoint, over the connection it registered on.</summary>
    public RpcEndpointRef? Endpoint { get; set; }

    public DateTimeOffset LastHeartbeat { get; set; }

    public HashSet<long> Running { get; } = [];

    /// <summary>The shuffles it wrote map outputs for (shuffle tracking keeps it while one is still read).</summary>
    public HashSet<int> ShufflesWritten { get; } = [];

    public string? LossReason { get; set; }

    /// <summary>Its graceful decommission, while <see cref="State"/> is <see cref="ExecutorState.Decommissioning"/>.</summary>
    public Decommission.ExecutorDecommission? Decommission { get; set; }

    /// <summary>"executor 3 (pid 4242)".</summary>
    public override string ToString() => $"executor {Id} ({Handle.Description})";
}
