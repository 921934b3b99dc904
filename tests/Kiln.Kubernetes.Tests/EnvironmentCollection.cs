namespace Kiln.Kubernetes.Tests;

/// <summary>Tests that set process environment variables (KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process-environment";
}
