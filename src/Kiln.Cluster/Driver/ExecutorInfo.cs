using Kiln.Network;

namespace Kiln.Cluster.Driver;

/// <summary>A snapshot of one executor, for tools and tests (<see cref="ClusterBackend.Executors"/>).</summary>
/// <param name="Process">How to find the process, such as "pid 4242".</param>
/// <param name="LossReason">Why it was lost, or why the driver stopped it before the application ended (dynamic allocation, a kill); else null.</param>
/// <param name="ExcludedForApplication">True while it gets no tasks because too many failed there.</param>
public sealed record ExecutorInfo(
    string Id,
    ExecutorState State,
    string Process,
    string? Host,
    NetworkAddress? BlockServer,
    int Cores,
    string? LossReason,
    bool ExcludedForApplication);
