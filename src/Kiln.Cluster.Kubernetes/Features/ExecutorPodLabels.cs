namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>The labels and environment variables Kiln puts on every executor pod; tests and users select pods by the labels.</summary>
public static class ExecutorPodLabels
{
    public const string AppId = "kiln-app-id";

    public const string Role = "kiln-role";

    public const string ExecutorId = "kiln-exec-id";

    public const string ExecutorRole = "executor";

    /// <summary>The container of executor pods unless the template names another.</summary>
    public const string ContainerName = "kiln-executor";

    /// <summary>The pod's IP (from the downward API); the executor listens and advertises its block server there.</summary>
    public const string PodIpVariable = "KILN_EXECUTOR_POD_IP";

    public const string PodNameVariable = "KILN_EXECUTOR_POD_NAME";

    /// <summary>The executor's local directory inside the container.</summary>
    public const string LocalDirsVariable = "KILN_LOCAL_DIRS";

    /// <summary>The key of the application Secret holding the RPC secret.</summary>
    public const string SecretKey = "auth-secret";

    /// <summary>Where the application's TLS files are mounted in executor containers.</summary>
    public const string TlsMountPath = "/opt/kiln/tls";

    /// <summary>The label selector of an application's executor pods.</summary>
    public static string Selector(string appId) => $"{AppId}={appId},{Role}={ExecutorRole}";
}
