namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>The names Kiln gives the driver pod's parts: its role label, container, environment and configuration file.</summary>
public static class DriverPodLabels
{
    public const string DriverRole = "driver";

    /// <summary>The container of the driver pod unless the template names another.</summary>
    public const string ContainerName = "kiln-driver";

    public const string PodIpVariable = "KILN_DRIVER_POD_IP";

    public const string PodNameVariable = "KILN_DRIVER_POD_NAME";

    /// <summary>Where the driver's ConfigMap is mounted.</summary>
    public const string ConfDirectory = "/opt/kiln/conf";

    public const string PropertiesFileName = "kiln.properties";

    public const string PropertiesFile = ConfDirectory + "/" + PropertiesFileName;

    /// <summary>The label selector of every driver pod, or of one application's driver.</summary>
    public static string Selector(string? appId = null) =>
        appId is null ? $"{Features.ExecutorPodLabels.Role}={DriverRole}" : $"{Features.ExecutorPodLabels.AppId}={appId},{Features.ExecutorPodLabels.Role}={DriverRole}";
}
