using Kiln.Common.Config;
using static Kiln.Cluster.Kubernetes.KubernetesConfigKeys;

[assembly: ConfigModule(typeof(Kiln.Cluster.Kubernetes.Submission.DriverConfigKeys))]

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// The keys of cluster mode: the driver's pod (its image, resources, labels, secrets, volumes, template), the submission
/// client's waiting and reporting, and how the application's files reach the pods. Spark's spellings are accepted.
/// </summary>
public static class DriverConfigKeys
{
    private const string Since = "0.3.0";

    public static readonly TypedConfigEntry<string> DeployMode = new(
        "kiln.submit.deployMode",
        "Where the driver runs: client (in the submitting process) or cluster (in a pod on the k8s:// master's cluster).",
        () => "client",
        "client",
        s => s,
        "client or cluster",
        s => s is "client" or "cluster" ? null : $"'{s}' is not a deploy mode; use client or cluster",
        Since,
        "spark.submit.deployMode");

    public static readonly TypedConfigEntry<string> DriverContainerImage = Text(
        "kiln.kubernetes.driver.container.image", "The driver's image in cluster mode, when it differs from kiln.kubernetes.container.image.", string.Empty, "spark.kubernetes.driver.container.image");

    public static readonly TypedConfigEntry<int> DriverCores = PositiveInt(
        "kiln.driver.cores",
        "CPU cores of the driver pod in cluster mode (its CPU request unless kiln.kubernetes.driver.request.cores is set).",
        1,
        Since,
        "spark.driver.cores");

    public static readonly TypedConfigEntry<long> DriverMemory = Heap(
        "kiln.driver.memory",
        "Heap of the driver in cluster mode (the .NET GC hard limit); the pod's memory is this plus the overhead.",
        Since,
        "spark.driver.memory");

    public static readonly TypedConfigEntry<long> DriverMemoryOverhead = Overhead(
        "kiln.driver.memoryOverhead",
        "Memory of the driver pod beyond its heap. Unset: kiln.driver.memoryOverheadFactor of the heap, at least 384m.",
        Since,
        "spark.driver.memoryOverhead");

    public static readonly TypedConfigEntry<double> DriverMemoryOverheadFactor = OverheadFactor(
        "kiln.driver.memoryOverheadFactor",
        "Share of the heap added to the driver pod's memory when kiln.driver.memoryOverhead is not set.",
        Since,
        "spark.driver.memoryOverheadFactor");

    public static readonly TypedConfigEntry<string> DriverRequestCores = Quantity(
        "kiln.kubernetes.driver.request.cores", "The CPU request of the driver pod (a quantity such as 0.5 or 500m); empty: kiln.driver.cores.", "spark.kubernetes.driver.request.cores");

    public static readonly TypedConfigEntry<string> DriverLimitCores = Quantity(
        "kiln.kubernetes.driver.limit.cores", "The CPU limit of the driver pod; empty: none.", "spark.kubernetes.driver.limit.cores");

    public static readonly TypedConfigEntry<string> DriverServiceAccount = Text(
        "kiln.kubernetes.authenticate.driver.serviceAccountName",
        "The service account the driver pod runs as; it needs the Role of deploy/kubernetes (pods, services, config maps, secrets and claims in its namespace). Empty: the namespace's default.",
        string.Empty,
        "spark.kubernetes.authenticate.driver.serviceAccountName");

    public static readonly TypedConfigEntry<string> DriverPodTemplateFile = Text(
        "kiln.kubernetes.driver.podTemplateFile", "A pod YAML file the driver pod starts from; Kiln's settings are applied on top of it.", string.Empty, "spark.kubernetes.driver.podTemplateFile");

    public static readonly TypedConfigEntry<string> DriverPodTemplateContainerName = Text(
        "kiln.kubernetes.driver.podTemplateContainerName", "The container of the driver's pod template that runs the driver; empty: the template's first container.", string.Empty, "spark.kubernetes.driver.podTemplateContainerName");

    public static readonly TypedConfigEntry<bool> WaitAppCompletion = new(
        "kiln.kubernetes.submission.waitAppCompletion",
        "In cluster mode, kiln submit waits until the driver ends and exits with its result; false: it returns once the driver pod is created.",
        () => true,
        "true",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since,
        "spark.kubernetes.submission.waitAppCompletion");

    public static readonly TypedConfigEntry<TimeSpan> ReportInterval = Duration(
        "kiln.kubernetes.report.interval", "How often kiln submit prints the driver pod's status while it waits (and at every change).", TimeSpan.FromSeconds(1), "1s", "spark.kubernetes.report.interval");

    public static readonly TypedConfigEntry<bool> UseDriverPodIp = new(
        "kiln.kubernetes.executor.useDriverPodIP",
        "Executors reach a cluster-mode driver at its pod IP instead of its headless Service's DNS name (for clusters without DNS for Services).",
        () => false,
        "false",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since,
        "spark.kubernetes.executor.useDriverPodIP");

    public static readonly TypedConfigEntry<string> DriverMaster = Text(
        "kiln.kubernetes.driver.master",
        "The API server a cluster-mode driver talks to from its pod; empty: the in-cluster address (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT).",
        string.Empty,
        "spark.kubernetes.driver.master");

    public static readonly TypedConfigEntry<string> FileUploadPath = Text(
        "kiln.kubernetes.file.upload.path",
        "A directory the submitter and the pods both see at this path (a PVC, hostPath or NFS mount): kiln submit copies a local application and its --files into a new sub-directory of it.",
        string.Empty,
        "spark.kubernetes.file.upload.path");

    public static readonly TypedConfigEntry<string> AppFilesToShip = Text(
        "kiln.files", "Local files (separated by commas) shipped with the application and placed beside it in the driver's working directory.", string.Empty, "spark.files");

    public static readonly PrefixConfigEntry<string> DriverLabels = new(
        "kiln.kubernetes.driver.label.", "[LabelName]", "A label on the driver pod (the kiln-* labels are Kiln's own and cannot be set).", s => s, "a label value",
        n => n.StartsWith("kiln-", StringComparison.Ordinal) ? $"the label {n} is set by Kiln" : null, Since, "spark.kubernetes.driver.label.");

    public static readonly PrefixConfigEntry<string> DriverAnnotations = new(
        "kiln.kubernetes.driver.annotation.", "[AnnotationName]", "An annotation on the driver pod.", s => s, "any text", null, Since, "spark.kubernetes.driver.annotation.");

    public static readonly PrefixConfigEntry<string> DriverEnv = new(
        "kiln.kubernetes.driverEnv.", "[EnvironmentVariableName]", "An environment variable of the driver in cluster mode.", s => s, "any text", null, Since, "spark.kubernetes.driverEnv.");

    public static readonly PrefixConfigEntry<string> DriverNodeSelector = new(
        "kiln.kubernetes.driver.node.selector.", "[LabelName]", "A node label the driver pod must be scheduled on (beside kiln.kubernetes.node.selector.*).", s => s, "a label value", null, Since, "spark.kubernetes.driver.node.selector.");

    public static readonly PrefixConfigEntry<string> DriverSecrets = new(
        "kiln.kubernetes.driver.secrets.", "[SecretName]", "Mounts the Secret at this path in the driver pod.", s => s, "an absolute path", null, Since, "spark.kubernetes.driver.secrets.");

    public static readonly PrefixConfigEntry<string> DriverSecretKeyRefs = new(
        "kiln.kubernetes.driver.secretKeyRef.", "[EnvName]", "An environment variable of the driver taken from a Secret, as secret-name:key.", s => s, "secret-name:key", null, Since, "spark.kubernetes.driver.secretKeyRef.");

    public static readonly PrefixConfigEntry<string> DriverVolumes = new(
        "kiln.kubernetes.driver.volumes.", "[Type].[Name].[Field]",
        "A volume of the driver pod, declared as kiln.kubernetes.executor.volumes.* are (hostPath, emptyDir, persistentVolumeClaim of an existing claim, nfs).",
        s => s, "see the key", Features.VolumeKeys.ProblemFor(Features.VolumeKeys.DriverKey), Since, "spark.kubernetes.driver.volumes.");

    /// <summary>Every key of cluster mode, in documentation order.</summary>
    public static IReadOnlyList<ConfigEntry> All { get; } =
    [
        DeployMode, DriverContainerImage, DriverCores, DriverMemory, DriverMemoryOverhead, DriverMemoryOverheadFactor, DriverRequestCores,
        DriverLimitCores, DriverServiceAccount, DriverLabels, DriverAnnotations, DriverEnv, DriverNodeSelector, DriverSecrets,
        DriverSecretKeyRefs, DriverVolumes, DriverPodTemplateFile, DriverPodTemplateContainerName, WaitAppCompletion, ReportInterval,
        UseDriverPodIp, DriverMaster, FileUploadPath, AppFilesToShip,
    ];
}
