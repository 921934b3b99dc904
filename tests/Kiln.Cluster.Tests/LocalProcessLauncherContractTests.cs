using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.Contract;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Config;

namespace Kiln.Cluster.Tests;

/// <summary>The launcher contract for local executor processes (<c>local-cluster</c>); an executor exists while its process runs.</summary>
public sealed class LocalProcessLauncherContractTests : ExecutorLauncherContract
{
    protected override async Task<KilnSession> StartSessionAsync(int executors) =>
        await KilnSession.CreateAsync(new KilnConf()
            .Set(ConfigKeys.Master.Key, $"local-cluster[{executors},1,512]")
            .Set(ConfigKeys.ShowProgress.Key, "false")
            .Set(ConfigKeys.ShufflePartitions.Key, "3"));

    protected override ClusterBackend ClusterOf(KilnSession session) => (ClusterBackend)session.Engine.Backend;

    protected override Task<bool> ExistsAsync(string appId, string executorId) =>
        Task.FromResult(ExecutorProcesses.Of(appId).ContainsKey(executorId));

    protected override Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        ExecutorProcesses.WaitUntilAsync(() => condition().GetAwaiter().GetResult(), TimeSpan.FromSeconds(60), what);
}
