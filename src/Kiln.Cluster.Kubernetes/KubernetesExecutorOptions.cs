using System.Globalization;
using System.Text;
using Kiln.Cluster.Decommission;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Staging;

namespace Kiln.Cluster.Kubernetes;

/// <summary>
/// The executor-pod settings of a k8s:// application, bound and checked once from <see cref="KilnConf"/> (the
/// <c>kiln.kubernetes.*</c> keys and their <c>spark.*</c> spellings). Feature steps read only this.
/// </summary>
public sealed record KubernetesExecutorOptions
{
    public required string AppId { get; init; }

    public required string AppName { get; init; }

    public required string Namespace { get; init; }

    public required string Image { get; init; }

    public string PullPolicy { get; init; } = "IfNotPresent";

    public IReadOnlyList<string> PullSecrets { get; init; } = [];

    /// <summary>The start of every executor pod's name: PREFIX-exec-N.</summary>
    public required string PodNamePrefix { get; init; }

    public string? ServiceAccount { get; init; }

    public int Cores { get; init; } = 1;

    public long MemoryBytes { get; init; } = 1L << 30;

    /// <summary>Pod memory beyond the heap.</summary>
    public long MemoryOverheadBytes { get; init; } = 384L << 20;

    public string? RequestCores { get; init; }

    public string? LimitCores { get; init; }

    /// <summary>Extended resources as limit name (vendor/name) to amount, such as nvidia.com/gpu = 1.</summary>
    public IReadOnlyDictionary<string, string> ExtendedResources { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    public string? SchedulerName { get; init; }

    /// <summary>Secret name to mount path.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variable to (secret, key).</summary>
    public IReadOnlyDictionary<string, (string Secret, string Key)> SecretKeyRefs { get; init; } = new Dictionary<string, (string, string)>();

    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];

    public bool LocalDirsTmpfs { get; init; }

    public string? PodTemplateFile { get; init; }

    public string? PodTemplateContainerName { get; init; }

    public IReadOnlyList<string> FeatureSteps { get; init; } = [];

    public string? DriverPodName { get; init; }

    public bool DeleteOnTermination { get; init; } = true;

    /// <summary>The bundle kiln submit staged for the application (cluster mode with a staging server), or null.</summary>
    public StagedBundle? StagedBundle { get; init; }

    /// <summary>The executor pod's memory (its request and limit) in MiB, as Spark computes it: heap MiB plus overhead MiB, each in whole MiB.</summary>
    public long PodMemoryMiB => (MemoryBytes >> 20) + (MemoryOverheadBytes >> 20);

    /// <summary>The heap in MiB (the executor's --memory, and the .NET GC hard limit).</summary>
    /// <summary>
    /// The pod's <c>terminationGracePeriodSeconds</c>: with graceful decommission on, how long Kubernetes waits after
    /// SIGTERM (pod deletion, eviction, node drain) before it kills the executor, which decommissions meanwhile:
    /// <c>kiln.executor.decommission.forceKillTimeout</c> plus <see cref="DecommissionExitMargin"/> to exit. Null: Kubernetes's default.
    /// </summary>
    public long? TerminationGracePeriodSeconds { get; init; }

    /// <summary>Time past forceKillTimeout for a decommissioned executor to exit before Kubernetes kills it.</summary>
    public static TimeSpan DecommissionExitMargin { get; } = TimeSpan.FromSeconds(10);

    public int HeapMiB => (int)(MemoryBytes >> 20);

    /// <exception cref="ConfigException">A setting is missing (no image) or cannot be used; the message names the key.</exception>
    public static KubernetesExecutorOptions FromConf(KilnConf conf, string appId)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(appId);
        var image = conf.Get(KubernetesConfigKeys.ExecutorContainerImage) is { Length: > 0 } own ? own : conf.Get(KubernetesConfigKeys.ContainerImage);
        if (image.Length == 0)
        {
            throw new ConfigException(
                KubernetesConfigKeys.ContainerImage.Key,
                $"a k8s:// master needs the executors' image: set {KubernetesConfigKeys.ContainerImage.Key} (or spark.kubernetes.container.image), e.g. --conf spark.kubernetes.container.image=registry.example.com/kiln:0.2");
        }

        var memory = conf.Get(KubernetesConfigKeys.ExecutorMemory);
        var overhead = conf.IsSet(KubernetesConfigKeys.ExecutorMemoryOverhead)
            ? conf.Get(KubernetesConfigKeys.ExecutorMemoryOverhead)
            : DefaultOverheadMiB(memory >> 20, conf.Get(KubernetesConfigKeys.ExecutorMemoryOverheadFactor)) << 20;
        return new KubernetesExecutorOptions
        {
            AppId = appId,
            AppName = conf.Get(ConfigKeys.AppName),
            Namespace = conf.Get(KubernetesConfigKeys.Namespace),
            Image = image,
            PullPolicy = conf.Get(KubernetesConfigKeys.ImagePullPolicy),
            PullSecrets = List(conf.Get(KubernetesConfigKeys.ImagePullSecrets)),
            PodNamePrefix = conf.Get(KubernetesConfigKeys.ExecutorPodNamePrefix) is { Length: > 0 } prefix ? prefix : DefaultPrefix(conf.Get(ConfigKeys.AppName), appId),
            ServiceAccount = NullIfEmpty(conf.Get(KubernetesConfigKeys.ExecutorServiceAccount)),
            Cores = conf.Get(KubernetesConfigKeys.ExecutorCores),
            MemoryBytes = memory,
            MemoryOverheadBytes = overhead,
            RequestCores = NullIfEmpty(conf.Get(KubernetesConfigKeys.ExecutorRequestCores)),
            LimitCores = NullIfEmpty(conf.Get(KubernetesConfigKeys.ExecutorLimitCores)),
            ExtendedResources = ExtendedResourcesOf(conf.GetAll(KubernetesConfigKeys.ExecutorResources)),
            Labels = conf.GetAll(KubernetesConfigKeys.ExecutorLabels),
            Annotations = conf.GetAll(KubernetesConfigKeys.ExecutorAnnotations),
            Environment = conf.GetAll(KubernetesConfigKeys.ExecutorEnv),
            NodeSelector = conf.GetAll(KubernetesConfigKeys.NodeSelector).Concat(conf.GetAll(KubernetesConfigKeys.ExecutorNodeSelector))
                .GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            SchedulerName = NullIfEmpty(conf.Get(KubernetesConfigKeys.ExecutorSchedulerName)),
            Secrets = conf.GetAll(KubernetesConfigKeys.ExecutorSecrets),
            SecretKeyRefs = ParseSecretKeyRefs(conf.GetAll(KubernetesConfigKeys.ExecutorSecretKeyRefs), "kiln.kubernetes.executor.secretKeyRef."),
            Volumes = VolumeKeys.Parse(conf.GetAll(KubernetesConfigKeys.ExecutorVolumes)),
            LocalDirsTmpfs = conf.Get(KubernetesConfigKeys.LocalDirsTmpfs),
            PodTemplateFile = NullIfEmpty(conf.Get(KubernetesConfigKeys.ExecutorPodTemplateFile)),
            PodTemplateContainerName = NullIfEmpty(conf.Get(KubernetesConfigKeys.ExecutorPodTemplateContainerName)),
            FeatureSteps = List(conf.Get(KubernetesConfigKeys.ExecutorFeatureSteps)),
            DriverPodName = NullIfEmpty(conf.Get(KubernetesConfigKeys.DriverPodName)),
            DeleteOnTermination = conf.Get(KubernetesConfigKeys.DeleteExecutorsOnTermination),
            TerminationGracePeriodSeconds = DecommissionOptions.FromConf(conf) is { } decommission
                ? (long)Math.Ceiling((decommission.ForceKillTimeout + DecommissionExitMargin).TotalSeconds)
                : null,
            StagedBundle = conf.Get(StagingConfigKeys.BundleSecretName) is { Length: > 0 } bundleSecret
                ? new StagedBundle(bundleSecret, StagingConfigKeys.PodUri(conf), conf.Get(StagingConfigKeys.CaCertFile).Length > 0)
                : null,
        };
    }

    /// <summary>Spark's overhead when none is set: the factor of the heap in whole MiB (truncated), at least 384 MiB.</summary>
    public static long DefaultOverheadMiB(long heapMiB, double factor) => Math.Max(384L, (long)(factor * heapMiB));

    /// <summary>The application name made a DNS-1123 label, then the random part of the application id: "my-etl-1a2b3c4d".</summary>
    public static string DefaultPrefix(string appName, string appId)
    {
        ArgumentNullException.ThrowIfNull(appName);
        ArgumentNullException.ThrowIfNull(appId);
        var sb = new StringBuilder();
        foreach (var c in appName.ToLowerInvariant())
        {
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (ok)
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var name = sb.ToString().Trim('-');
        if (name.Length == 0 || !char.IsAsciiLetterLower(name[0]))
        {
            name = "kiln-" + name;
        }

        var suffix = appId[(appId.LastIndexOf('-') + 1)..].ToLowerInvariant();
        name = name[..Math.Min(name.Length, 47 - suffix.Length - 1)].TrimEnd('-');
        return $"{name}-{suffix}";
    }

    private static Dictionary<string, string> ExtendedResourcesOf(IReadOnlyDictionary<string, string> keys)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (suffix, amount) in keys.Where(kv => kv.Key.EndsWith(".amount", StringComparison.Ordinal)))
        {
            var name = suffix[..^".amount".Length];
            var vendor = keys.GetValueOrDefault(name + ".vendor")
                ?? throw new ConfigException($"kiln.executor.resource.{name}.vendor", $"kiln.executor.resource.{name}.amount needs kiln.executor.resource.{name}.vendor (such as nvidia.com) to name the Kubernetes resource");
            if (!long.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                throw new ConfigException(
                    $"kiln.executor.resource.{name}.amount",
                    $"kiln.executor.resource.{name}.amount is '{amount}'; use a whole number of at least 1 (an executor asks for whole devices, and Kubernetes counts extended resources in whole units)");
            }

            result[$"{vendor}/{name}"] = amount;
        }

        return result;
    }

    /// <summary>ENV=secret-name:key settings of the key family <paramref name="family"/> as ENV to (secret, key).</summary>
    /// <exception cref="ConfigException">A value is not secret-name:key; the message names its key.</exception>
    internal static Dictionary<string, (string, string)> ParseSecretKeyRefs(IReadOnlyDictionary<string, string> keys, string family)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (env, reference) in keys)
        {
            var colon = reference.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == reference.Length - 1)
            {
                throw new ConfigException($"{family}{env}", $"{family}{env} is '{reference}'; write secret-name:key");
            }

            result[env] = (reference[..colon], reference[(colon + 1)..]);
        }

        return result;
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
