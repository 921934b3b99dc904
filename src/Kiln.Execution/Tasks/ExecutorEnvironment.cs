using Kiln.Common.Config;
using Kiln.Execution.Physical;
using Kiln.Execution.Spill;
using Kiln.Network;

namespace Kiln.Execution.Tasks;

/// <summary>What an executor (a local task thread pool or a remote process) offers the tasks it runs.</summary>
public sealed record ExecutorEnvironment(string ExecutorId, KilnConf Conf, DiskBlockManager Disk, IShuffleInput ShuffleInput)
{
    /// <summary>Where this executor's block server listens (reported in map statuses); null in local mode.</summary>
    public NetworkAddress? BlockServer { get; init; }

    /// <summary>The application's code loader, broadcast values and cache blocks on this executor.</summary>
    public UserCode.UserCodeEnvironment UserCode { get; init; } = Kiln.Execution.UserCode.UserCodeEnvironment.Detached;
}
