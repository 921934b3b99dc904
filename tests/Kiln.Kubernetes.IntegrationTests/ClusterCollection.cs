namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>All integration tests share one cluster and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "kubernetes-cluster";
}
