using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Config;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// The driver-pod settings of a cluster-mode submission, bound and checked once from <see cref="KilnConf"/> (the
/// <c>kiln.kubernetes.driver.*</c> and <c>kiln.driver.*</c> keys and their Spark spellings). Driver feature steps read
/// only this.
/// </summary>
public sealed record DriverPodOptions
{
    /// <summary>The port the driver listens on for executors in its pod (Spark's driver port).</summary>
    public const int RpcPort = 7078;

    /// <summary>The port of the driver's web UI in its pod.</summary>
    public const int UiPort = 4040;

    public required string AppId { get; init; }

    public required string AppName { get; init; }

    public required string Namespace { get; init; }

    public required string Image { get; init; }

    public string PullPolicy { get; init; } = "IfNotPresent";

    public IReadOnlyList<string> PullSecrets { get; init; } = [];

    /// <summary>The start of the names of the driver pod (PREFIX-driver), its Service and its ConfigMap.</summary>
    public required string ResourceNamePrefix { get; init; }

    public string? ServiceAccount { get; init; }

    public int Cores { get; init; } = 1;

    public long MemoryBytes { get; init; } = 1L << 30;

    public long MemoryOverheadBytes { get; init; } = 384L << 20;

    public string? RequestCores { get; init; }

    public string? LimitCores { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, (string Secret, string Key)> SecretKeyRefs { get; init; } = new Dictionary<string, (string, string)>();

    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];

    public string? PodTemplateFile { get; init; }

    public string? PodTemplateContainerName { get; init; }

    public bool UseDriverPodIp { get; init; }

    public string DriverPodName => $"{ResourceNamePrefix}-driver";

    public string ServiceName => $"{ResourceNamePrefix}-driver-svc";

    public string ConfigMapName => $"{ResourceNamePrefix}-driver-conf";

    /// <summary>The DNS name executors reach the driver at through its headless Service.</summary>
    public string ServiceHost => $"{ServiceName}.{Namespace}.svc";

    /// <summary>The driver pod's memory (its request and limit) in MiB: heap MiB plus overhead MiB, each in whole MiB.</summary>
    public long PodMemoryMiB => (MemoryBytes >> 20) + (MemoryOverheadBytes >> 20);

    public int HeapMiB => (int)(MemoryBytes >> 20);

    /// <exception cref="ConfigException">A setting is missing (no image) or cannot be used; the message names the key.</exception>
    public static DriverPodOptions FromConf(KilnConf conf, string appId)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(appId);
        var image = conf.Get(DriverConfigKeys.DriverContainerImage) is { Length: > 0 } own ? own : conf.Get(KubernetesConfigKeys.ContainerImage);
        if (image.Length == 0)
        {
            throw new ConfigException(
                KubernetesConfigKeys.ContainerImage.Key,
                $"cluster mode needs the driver's image: set {KubernetesConfigKeys.ContainerImage.Key} (or spark.kubernetes.container.image, or {DriverConfigKeys.DriverContainerImage.Key} for the driver alone), e.g. --conf spark.kubernetes.container.image=registry.example.com/kiln:0.3");
        }

        var memory = conf.Get(DriverConfigKeys.DriverMemory);
        var overhead = conf.IsSet(DriverConfigKeys.DriverMemoryOverhead)
            ? conf.Get(DriverConfigKeys.DriverMemoryOverhead)
            : KubernetesExecutorOptions.DefaultOverheadMiB(memory >> 20, conf.Get(DriverConfigKeys.DriverMemoryOverheadFactor)) << 20;
        var volumes = VolumeKeys.Parse(conf.GetAll(DriverConfigKeys.DriverVolumes), VolumeKeys.DriverKey);
        if (volumes.FirstOrDefault(v => v.IsOnDemandClaim) is { } onDemand)
        {
            throw new ConfigException(
                $"{VolumeKeys.DriverKey}.{onDemand.Type}.{onDemand.Name}.options.claimName",
                $"volume {onDemand.Name} of the driver asks for an OnDemand claim ({VolumeKeys.DriverKey}.{onDemand.Type}.{onDemand.Name}.options.claimName), which Kiln makes only for executors; name an existing PersistentVolumeClaim");
        }

        return new DriverPodOptions
        {
            AppId = appId,
            AppName = conf.Get(ConfigKeys.AppName),
            Namespace = conf.Get(KubernetesConfigKeys.Namespace),
            Image = image,
            PullPolicy = conf.Get(KubernetesConfigKeys.ImagePullPolicy),
            PullSecrets = List(conf.Get(KubernetesConfigKeys.ImagePullSecrets)),
            ResourceNamePrefix = KubernetesExecutorOptions.DefaultPrefix(conf.Get(ConfigKeys.AppName), appId),
            ServiceAccount = NullIfEmpty(conf.Get(DriverConfigKeys.DriverServiceAccount)),
            Cores = conf.Get(DriverConfigKeys.DriverCores),
            MemoryBytes = memory,
            MemoryOverheadBytes = overhead,
            RequestCores = NullIfEmpty(conf.Get(DriverConfigKeys.DriverRequestCores)),
            LimitCores = NullIfEmpty(conf.Get(DriverConfigKeys.DriverLimitCores)),
            Labels = conf.GetAll(DriverConfigKeys.DriverLabels),
            Annotations = conf.GetAll(DriverConfigKeys.DriverAnnotations),
            Environment = conf.GetAll(DriverConfigKeys.DriverEnv),
            NodeSelector = conf.GetAll(KubernetesConfigKeys.NodeSelector).Concat(conf.GetAll(DriverConfigKeys.DriverNodeSelector))
                .GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            Secrets = conf.GetAll(DriverConfigKeys.DriverSecrets),
            SecretKeyRefs = KubernetesExecutorOptions.ParseSecretKeyRefs(conf.GetAll(DriverConfigKeys.DriverSecretKeyRefs), DriverConfigKeys.DriverSecretKeyRefs.Key),
            Volumes = volumes,
            PodTemplateFile = NullIfEmpty(conf.Get(DriverConfigKeys.DriverPodTemplateFile)),
            PodTemplateContainerName = NullIfEmpty(conf.Get(DriverConfigKeys.DriverPodTemplateContainerName)),
            UseDriverPodIp = conf.Get(DriverConfigKeys.UseDriverPodIp),
        };
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
