namespace Kiln.TestCluster;

/// <summary>A pod cannot start yet (missing ConfigMap, unbound claim, ...); Reason becomes the container's waiting reason.</summary>
internal sealed class PodSetupException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
