using System.Text.RegularExpressions;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Config;

[assembly: ConfigModule(typeof(Kiln.Cluster.Kubernetes.KubernetesConfigKeys))]

namespace Kiln.Cluster.Kubernetes;

/// <summary>
/// The configuration keys of the Kubernetes backend (<c>k8s://</c> masters), declared beside its code and generated
/// into the one configuration reference. Each <c>kiln.kubernetes.*</c> key also accepts Spark's
/// <c>spark.kubernetes.*</c> spelling, and the executor basics Spark's <c>spark.executor.*</c>.
/// </summary>
public static partial class KubernetesConfigKeys
{
    private const string Since = "0.2.0";

    public static readonly TypedConfigEntry<string> Namespace = Text(
        "kiln.kubernetes.namespace", "The namespace executor pods (and the objects made for them) are created in.", "default", "spark.kubernetes.namespace");

    public static readonly TypedConfigEntry<string> Context = Text(
        "kiln.kubernetes.context", "The kubeconfig context to use; empty: the current context (KUBECONFIG or ~/.kube/config, else the in-cluster configuration).", string.Empty, "spark.kubernetes.context");

    public static readonly TypedConfigEntry<string> ContainerImage = Text(
        "kiln.kubernetes.container.image", "The container image of executors (and, in cluster mode, the driver). Its entrypoint runs the kiln command line with the pod's arguments.", string.Empty, "spark.kubernetes.container.image");

    public static readonly TypedConfigEntry<string> ExecutorContainerImage = Text(
        "kiln.kubernetes.executor.container.image", "The executors' image, when it differs from kiln.kubernetes.container.image.", string.Empty, "spark.kubernetes.executor.container.image");

    public static readonly TypedConfigEntry<string> ImagePullPolicy = new(
        "kiln.kubernetes.container.image.pullPolicy",
        "When the kubelet pulls the image: Always, IfNotPresent or Never.",
        () => "IfNotPresent",
        "IfNotPresent",
        s => s,
        "Always, IfNotPresent, Never",
        s => s is "Always" or "IfNotPresent" or "Never" ? null : $"'{s}' is not an image pull policy; use Always, IfNotPresent or Never",
        Since,
        "spark.kubernetes.container.image.pullPolicy");

    public static readonly TypedConfigEntry<string> ImagePullSecrets = Text(
        "kiln.kubernetes.container.image.pullSecrets", "Names of the Secrets the kubelet pulls the image with, separated by commas.", string.Empty, "spark.kubernetes.container.image.pullSecrets");

    public static readonly TypedConfigEntry<string> ExecutorPodNamePrefix = new(
        "kiln.kubernetes.executor.podNamePrefix",
        "The start of executor pod names (PREFIX-exec-N). Empty: the application name, made DNS-1123, and a part of the application id.",
        () => string.Empty,
        "(from the app name)",
        s => s,
        "lower-case letters, digits and '-', starting with a letter, at most 47 characters",
        s => s.Length == 0 || (s.Length <= 47 && Dns1123Prefix().IsMatch(s)) ? null : $"'{s}' cannot start a pod name: use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most 47 characters",
        Since,
        "spark.kubernetes.executor.podNamePrefix");

    public static readonly TypedConfigEntry<string> ExecutorServiceAccount = Text(
        "kiln.kubernetes.authenticate.executor.serviceAccountName", "The service account executor pods run as; empty: the namespace's default.", string.Empty, "spark.kubernetes.authenticate.executor.serviceAccountName");

    public static readonly TypedConfigEntry<string> DriverPodName = Text(
        "kiln.kubernetes.driver.pod.name", "The driver's own pod when it runs in one: every executor pod and object made for the application is owned by it, so deleting it removes them all.", string.Empty, "spark.kubernetes.driver.pod.name");

    public static readonly TypedConfigEntry<string> DriverHost = Text(
        "kiln.driver.host", "The address executors reach the driver at (and it listens on, unless kiln.driver.bindAddress is set) on k8s:// masters. Empty: this machine's host name resolved, or 127.0.0.1 when the API server is on loopback.", string.Empty, "spark.driver.host");

    public static readonly TypedConfigEntry<string> DriverBindAddress = Text(
        "kiln.driver.bindAddress", "The address the driver listens on for executors on k8s:// masters when it differs from kiln.driver.host, such as 0.0.0.0 behind NAT or a Service name. Empty: kiln.driver.host.", string.Empty, "spark.driver.bindAddress");

    public static readonly TypedConfigEntry<int> DriverPort = new(
        "kiln.driver.port",
        "The port the driver listens on for executors on k8s:// masters; 0 picks a free one.",
        () => 0,
        "0",
        ConfigParsers.ParseInt,
        "0 to 65535",
        n => n is < 0 or > 65535 ? "must be between 0 and 65535" : null,
        Since,
        "spark.driver.port");

    public static readonly TypedConfigEntry<int> ExecutorInstances = new(
        "kiln.executor.instances",
        "How many executors a k8s:// application starts with.",
        () => 2,
        "2",
        ConfigParsers.ParseInt,
        "an integer of at least 1",
        n => n < 1 ? "must be at least 1" : null,
        Since,
        "spark.executor.instances");

    public static readonly TypedConfigEntry<int> ExecutorCores = PositiveInt(
        "kiln.executor.cores",
        "Task slots of each executor on k8s:// masters; also its CPU request unless kiln.kubernetes.executor.request.cores is set.",
        1,
        Since,
        "spark.executor.cores");

    public static readonly TypedConfigEntry<long> ExecutorMemory = Heap(
        "kiln.executor.memory",
        "Heap of each executor on k8s:// masters (the .NET GC hard limit); the pod's memory is this plus the overhead.",
        Since,
        "spark.executor.memory");

    public static readonly TypedConfigEntry<long> ExecutorMemoryOverhead = Overhead(
        "kiln.executor.memoryOverhead",
        "Memory of an executor pod beyond its heap (runtime, thread stacks, native buffers). Unset: kiln.executor.memoryOverheadFactor of the heap, at least 384m.",
        Since,
        "spark.executor.memoryOverhead");

    public static readonly TypedConfigEntry<double> ExecutorMemoryOverheadFactor = OverheadFactor(
        "kiln.executor.memoryOverheadFactor",
        "Share of the heap added to an executor pod's memory when kiln.executor.memoryOverhead is not set.",
        Since,
        "spark.executor.memoryOverheadFactor", "spark.kubernetes.memoryOverheadFactor");

    public static readonly TypedConfigEntry<string> ExecutorRequestCores = Quantity(
        "kiln.kubernetes.executor.request.cores", "The CPU request of an executor pod (a quantity such as 0.5 or 500m); empty: kiln.executor.cores.", "spark.kubernetes.executor.request.cores");

    public static readonly TypedConfigEntry<string> ExecutorLimitCores = Quantity(
        "kiln.kubernetes.executor.limit.cores", "The CPU limit of an executor pod; empty: none.", "spark.kubernetes.executor.limit.cores");

    public static readonly TypedConfigEntry<string> ExecutorSchedulerName = Text(
        "kiln.kubernetes.executor.scheduler.name", "The scheduler that places executor pods; empty: the cluster's default.", string.Empty, "spark.kubernetes.executor.scheduler.name", "spark.kubernetes.scheduler.name");

    public static readonly TypedConfigEntry<string> ExecutorPodTemplateFile = Text(
        "kiln.kubernetes.executor.podTemplateFile", "A pod YAML file executor pods start from (affinity, tolerations, sidecars, security context...); Kiln's settings are applied on top of it.", string.Empty, "spark.kubernetes.executor.podTemplateFile");

    public static readonly TypedConfigEntry<string> ExecutorPodTemplateContainerName = Text(
        "kiln.kubernetes.executor.podTemplateContainerName", "The container of the pod template that runs the executor; empty: the template's first container.", string.Empty, "spark.kubernetes.executor.podTemplateContainerName");

    public static readonly TypedConfigEntry<string> ExecutorFeatureSteps = Text(
        "kiln.kubernetes.executor.pod.featureSteps", "Types (full names, from the application's assemblies) implementing IExecutorFeatureStep, applied after Kiln's own steps, separated by commas.", string.Empty, "spark.kubernetes.executor.pod.featureSteps");

    public static readonly TypedConfigEntry<bool> LocalDirsTmpfs = new(
        "kiln.kubernetes.local.dirs.tmpfs",
        "Make the executors' emptyDir local directories memory-backed (tmpfs); their size then counts against the pod's memory.",
        () => false,
        "false",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since,
        "spark.kubernetes.local.dirs.tmpfs");

    public static readonly TypedConfigEntry<bool> DeleteExecutorsOnTermination = new(
        "kiln.kubernetes.executor.deleteOnTermination",
        "Delete executor pods (and their on-demand claims) when they end and when the application ends; false keeps them for inspection.",
        () => true,
        "true",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since,
        "spark.kubernetes.executor.deleteOnTermination");

    public static readonly TypedConfigEntry<int> AllocationBatchSize = PositiveInt(
        "kiln.kubernetes.allocation.batch.size", "How many executor pods the driver creates in one allocation round.", 10, Since, "spark.kubernetes.allocation.batch.size");

    public static readonly TypedConfigEntry<TimeSpan> AllocationBatchDelay = Duration(
        "kiln.kubernetes.allocation.batch.delay", "The wait between allocation rounds.", TimeSpan.FromSeconds(1), "1s", "spark.kubernetes.allocation.batch.delay");

    public static readonly TypedConfigEntry<int> AllocationMaxPendingPods = PositiveInt(
        "kiln.kubernetes.allocation.maxPendingPods", "The most executor pods that may be created and not yet running at once.", int.MaxValue, Since, "spark.kubernetes.allocation.maxPendingPods");

    public static readonly TypedConfigEntry<TimeSpan> AllocationExecutorTimeout = Duration(
        "kiln.kubernetes.allocation.executor.timeout", "How long a created executor pod may take to register with the driver before it is deleted and replaced.", TimeSpan.FromSeconds(600), "600s", "spark.kubernetes.allocation.executor.timeout");

    public static readonly TypedConfigEntry<TimeSpan> AllocationFailFastTimeout = Duration(
        "kiln.kubernetes.allocation.failFastTimeout", "When no executor has been able to start for this long (pods unschedulable, images unpullable, container configuration broken), the application fails with the reason instead of waiting.", TimeSpan.FromMinutes(5), "5m");

    public static readonly TypedConfigEntry<TimeSpan> ApiPollingInterval = Duration(
        "kiln.kubernetes.executor.apiPollingInterval", "How often the driver lists its executor pods in full, beside watching them.", TimeSpan.FromSeconds(30), "30s", "spark.kubernetes.executor.apiPollingInterval");

    public static readonly TypedConfigEntry<TimeSpan> MissingPodDetectDelta = Duration(
        "kiln.kubernetes.executor.missingPodDetectDelta", "An executor pod absent from the API server for this long after it was created counts as lost.", TimeSpan.FromSeconds(30), "30s", "spark.kubernetes.executor.missingPodDetectDelta");

    public static readonly PrefixConfigEntry<string> ExecutorLabels = new(
        "kiln.kubernetes.executor.label.", "[LabelName]", "A label on every executor pod (the kiln-* labels are Kiln's own and cannot be set).", s => s, "a label value",
        n => n.StartsWith("kiln-", StringComparison.Ordinal) ? $"the label {n} is set by Kiln" : null, Since, "spark.kubernetes.executor.label.");

    public static readonly PrefixConfigEntry<string> ExecutorAnnotations = new(
        "kiln.kubernetes.executor.annotation.", "[AnnotationName]", "An annotation on every executor pod.", s => s, "any text", null, Since, "spark.kubernetes.executor.annotation.");

    public static readonly PrefixConfigEntry<string> ExecutorEnv = new(
        "kiln.executorEnv.", "[EnvironmentVariableName]", "An environment variable of every executor.", s => s, "any text", null, Since, "spark.executorEnv.");

    public static readonly PrefixConfigEntry<string> NodeSelector = new(
        "kiln.kubernetes.node.selector.", "[LabelName]", "A node label that driver and executor pods must be scheduled on.", s => s, "a label value", null, Since, "spark.kubernetes.node.selector.");

    public static readonly PrefixConfigEntry<string> ExecutorNodeSelector = new(
        "kiln.kubernetes.executor.node.selector.", "[LabelName]", "A node label that executor pods must be scheduled on (beside kiln.kubernetes.node.selector.*).", s => s, "a label value", null, Since, "spark.kubernetes.executor.node.selector.");

    public static readonly PrefixConfigEntry<string> ExecutorSecrets = new(
        "kiln.kubernetes.executor.secrets.", "[SecretName]", "Mounts the Secret at this path in every executor.", s => s, "an absolute path",
        null, Since, "spark.kubernetes.executor.secrets.");

    public static readonly PrefixConfigEntry<string> ExecutorSecretKeyRefs = new(
        "kiln.kubernetes.executor.secretKeyRef.", "[EnvName]", "An environment variable of every executor taken from a Secret, as secret-name:key.", s => s, "secret-name:key",
        null, Since, "spark.kubernetes.executor.secretKeyRef.");

    public static readonly PrefixConfigEntry<string> ExecutorVolumes = new(
        "kiln.kubernetes.executor.volumes.", "[Type].[Name].[Field]",
        "A volume of every executor; Field is mount.path, mount.readOnly, mount.subPath or options.FIELD. Type is hostPath, emptyDir, persistentVolumeClaim or nfs; options are the volume source's fields (path, type, medium, sizeLimit, claimName, storageClass, sizeLimit, server, readOnly). claimName=OnDemand makes a claim per executor, owned by its pod. Volumes named kiln-local-dir-* (or spark-local-dir-*) become the executor's local directory.",
        s => s, "see the key", VolumeKeys.Problem, Since, "spark.kubernetes.executor.volumes.");

    public static readonly PrefixConfigEntry<string> ExecutorResources = new(
        "kiln.executor.resource.", "[ResourceName].[amount or vendor]",
        "Other resources an executor pod asks for, such as GPUs: kiln.executor.resource.gpu.amount=1 with kiln.executor.resource.gpu.vendor=nvidia.com (the pod's limit names vendor/ResourceName).",
        s => s, "an amount, or a vendor domain", n => n.EndsWith(".amount", StringComparison.Ordinal) || n.EndsWith(".vendor", StringComparison.Ordinal) ? null : "end the key with .amount or .vendor", Since, "spark.executor.resource.");

    /// <summary>Every key of the Kubernetes backend, in documentation order.</summary>
    public static IReadOnlyList<ConfigEntry> All { get; } =
    [
        Namespace, Context, ContainerImage, ExecutorContainerImage, ImagePullPolicy, ImagePullSecrets, ExecutorPodNamePrefix,
        ExecutorServiceAccount, DriverPodName, DriverHost, DriverBindAddress, DriverPort, ExecutorInstances, ExecutorCores, ExecutorMemory,
        ExecutorMemoryOverhead, ExecutorMemoryOverheadFactor, ExecutorRequestCores, ExecutorLimitCores, ExecutorResources,
        ExecutorLabels, ExecutorAnnotations, ExecutorEnv, NodeSelector, ExecutorNodeSelector, ExecutorSchedulerName,
        ExecutorSecrets, ExecutorSecretKeyRefs, ExecutorVolumes, LocalDirsTmpfs, ExecutorPodTemplateFile, ExecutorPodTemplateContainerName,
        ExecutorFeatureSteps, DeleteExecutorsOnTermination, AllocationBatchSize, AllocationBatchDelay, AllocationMaxPendingPods,
        AllocationExecutorTimeout, AllocationFailFastTimeout, ApiPollingInterval, MissingPodDetectDelta,
    ];

    /// <summary>Spark's executor memory sizes: a plain number is MiB (<c>spark.executor.memory=2048</c> is 2g), else a size with its unit.</summary>
    internal static long Mebibytes(string text) => ConfigParsers.ParseBytes(text.Length > 0 && text.All(char.IsAsciiDigit) ? text + "m" : text);

    internal static TypedConfigEntry<string> Text(string key, string doc, string defaultValue, params string[] aliases) =>
        new(key, doc, () => defaultValue, defaultValue.Length == 0 ? "(none)" : defaultValue, s => s, "any text", null, Since, aliases);

    internal static TypedConfigEntry<string> Quantity(string key, string doc, params string[] aliases) =>
        new(key, doc, () => string.Empty, "(none)", s => s, "a CPU quantity such as 1, 0.5 or 500m",
            s => s.Length == 0 || CpuQuantity().IsMatch(s) ? null : $"'{s}' is not a CPU quantity; use a number of cores such as 1 or 0.5, or millicores such as 500m", Since, aliases);

    internal static TypedConfigEntry<int> PositiveInt(string key, string doc, int defaultValue, string since, params string[] aliases) =>
        new(key, doc, () => defaultValue, defaultValue == int.MaxValue ? "(no limit)" : defaultValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConfigParsers.ParseInt, "an integer of at least 1", n => n < 1 ? "must be at least 1" : null, since, aliases);

    /// <summary>A pod's heap (driver or executor): 1g by default, at least 64m, a plain number in MiB.</summary>
    internal static TypedConfigEntry<long> Heap(string key, string doc, string since, params string[] aliases) =>
        new(key, doc, () => 1L << 30, "1g", Mebibytes, "a size such as 512m or 2g (at least 64m); a plain number is MiB, as in Spark",
            n => n < 64L << 20 ? "must be at least 64m" : null, since, aliases);

    /// <summary>A pod's memory beyond its heap; 0 (unset) means the overhead factor of the heap, at least 384m.</summary>
    internal static TypedConfigEntry<long> Overhead(string key, string doc, string since, params string[] aliases) =>
        new(key, doc, () => 0, "(factor × memory, ≥ 384m)", Mebibytes, "a size such as 384m; a plain number is MiB, as in Spark",
            n => n < 0 ? "must not be negative" : null, since, aliases);

    internal static TypedConfigEntry<double> OverheadFactor(string key, string doc, string since, params string[] aliases) =>
        new(key, doc, () => 0.1, "0.1", s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture), "a number from 0 to 10",
            f => f is < 0 or > 10 ? "must be between 0 and 10" : null, since, aliases);

    internal static TypedConfigEntry<TimeSpan> Duration(string key, string doc, TimeSpan defaultValue, string defaultText, params string[] aliases) =>
        new(key, doc, () => defaultValue, defaultText, ConfigParsers.ParseDuration, "a duration such as 1s or 5m", t => t <= TimeSpan.Zero ? "must be positive" : null, Since, aliases);

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    internal static partial Regex Dns1123Prefix();

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?|[0-9]+m)$")]
    private static partial Regex CpuQuantity();
}
