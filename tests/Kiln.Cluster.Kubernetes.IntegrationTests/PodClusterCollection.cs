namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>Every test class shares one test cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PodClusterCollection : ICollectionFixture<PodCluster>
{
    public const string Name = "pod-cluster";
}
