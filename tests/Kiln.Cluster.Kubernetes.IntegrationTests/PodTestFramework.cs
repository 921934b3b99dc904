using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Kiln.Cluster.Kubernetes.IntegrationTests.PodTestFramework", "Kiln.Cluster.Kubernetes.IntegrationTests")]

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// xUnit's framework with one addition: when the whole run ends (before the test host exits), the engine query
/// tests' shared engines stop and their executor pods are deleted. Nothing else in xUnit runs once per assembly.
/// </summary>
public sealed class PodTestFramework : XunitTestFramework
{
    public PodTestFramework(IMessageSink messageSink)
        : base(messageSink) => DisposalTracker.Add(new EngineStopper());

    private sealed class EngineStopper : IDisposable
    {
        public void Dispose() => Kiln.Tests.EngineConfig.StopEngines();
    }
}
