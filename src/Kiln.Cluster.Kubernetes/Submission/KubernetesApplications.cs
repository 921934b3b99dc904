using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Errors;
using Kiln.Kubernetes;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// <c>kiln status|kill|logs|list</c>: the applications of a cluster, found by their driver pods (<c>kiln-role=driver</c>)
/// through the kubeconfig, as kubectl would find them. An application is named <c>NAMESPACE:POD</c>, where the pod
/// part may be a glob (<c>*</c>, <c>?</c>), as spark-submit's <c>--status</c> and <c>--kill</c> take it.
/// </summary>
public sealed class KubernetesApplications(IKubernetes api, string defaultNamespace, TextWriter output) : IDisposable
{
    /// <summary>
    /// Connects through the kubeconfig (its current context, or kiln.kubernetes.context), to <paramref name="master"/>'s
    /// API server when given; the default namespace is kiln.kubernetes.namespace when set, else the context's.
    /// </summary>
    /// <exception cref="ConfigException">No usable kubeconfig.</exception>
    public static KubernetesApplications Connect(string? master, Common.Config.KilnConf conf, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(conf);
        if (master is not null)
        {
            var ns = conf.IsSet(KubernetesConfigKeys.Namespace) ? conf.Get(KubernetesConfigKeys.Namespace) : null;
            var client = KubernetesClusterManager.CreateClient(KubernetesMaster.Parse(master), conf);
            return new KubernetesApplications(client, ns ?? "default", output);
        }

        KubernetesClientConfiguration config;
        try
        {
            var context = conf.Get(KubernetesConfigKeys.Context);
            config = KubernetesClients.LoadConfiguration(context: context.Length == 0 ? null : context);
        }
        catch (KubeConfigException e)
        {
            throw new ConfigException(KubernetesConfigKeys.Context.Key, $"cannot find the cluster: {e.Message} (or pass --master k8s://https://HOST:PORT)", e);
        }

        var defaultNs = conf.IsSet(KubernetesConfigKeys.Namespace) ? conf.Get(KubernetesConfigKeys.Namespace) : config.Namespace ?? "default";
        return new KubernetesApplications(KubernetesClients.Create(config), defaultNs, output);
    }

    public void Dispose() => api.Dispose();

    /// <summary>Prints the status of every driver pod matching <paramref name="selector"/>; 1 when none matches.</summary>
    public async Task<int> StatusAsync(string selector, CancellationToken cancellationToken)
    {
        var pods = await MatchAsync(selector, cancellationToken).ConfigureAwait(false);
        foreach (var pod in pods)
        {
            await output.WriteAsync(DriverStatus.Of(pod).Describe()).ConfigureAwait(false);
            await output.WriteLineAsync("executors: " + (await ExecutorsAsync(pod, cancellationToken).ConfigureAwait(false)).Count.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        return pods.Count == 0 ? await NoneAsync(selector).ConfigureAwait(false) : 0;
    }

    /// <summary>Deletes every matching driver pod; its executors, Service, ConfigMap and Secret go with it (owner references).</summary>
    public async Task<int> KillAsync(string selector, int? gracePeriodSeconds, CancellationToken cancellationToken)
    {
        var pods = await MatchAsync(selector, cancellationToken).ConfigureAwait(false);
        foreach (var pod in pods)
        {
            await api.CoreV1.DeleteNamespacedPodAsync(
                pod.Metadata.Name,
                pod.Metadata.NamespaceProperty,
                gracePeriodSeconds: gracePeriodSeconds,
                propagationPolicy: "Background",
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"kiln: deleted driver pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} (application {AppId(pod)}); its executors and objects are deleted with it").ConfigureAwait(false);
        }

        return pods.Count == 0 ? await NoneAsync(selector).ConfigureAwait(false) : 0;
    }

    /// <summary>Prints the driver's log (or an executor's, by id), following it with <paramref name="follow"/>.</summary>
    public async Task<int> LogsAsync(string selector, string? executorId, bool follow, CancellationToken cancellationToken)
    {
        var pods = await MatchAsync(selector, cancellationToken).ConfigureAwait(false);
        if (pods.Count != 1)
        {
            return pods.Count == 0
                ? await NoneAsync(selector).ConfigureAwait(false)
                : throw new ConfigException("kiln logs", $"{selector} names {pods.Count} applications ({string.Join(", ", pods.Select(p => p.Metadata.Name))}); name one");
        }

        var pod = pods[0];
        if (executorId is not null)
        {
            pod = (await ExecutorsAsync(pod, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Metadata.Labels?[ExecutorPodLabels.ExecutorId] == executorId)
                ?? throw new ConfigException("--executor", $"application {AppId(pods[0])} has no executor pod with id {executorId} (executor pods are deleted when they end unless kiln.kubernetes.executor.deleteOnTermination=false)");
        }

        using var stream = await api.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, follow: follow, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Prints a table of the applications in <paramref name="ns"/> (all namespaces when null): name, id, state, age, executors.</summary>
    public async Task<int> ListAsync(string? ns, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var drivers = ns is null
            ? await api.CoreV1.ListPodForAllNamespacesAsync(labelSelector: DriverPodLabels.Selector(), cancellationToken: cancellationToken).ConfigureAwait(false)
            : await api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: DriverPodLabels.Selector(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var executors = ns is null
            ? await api.CoreV1.ListPodForAllNamespacesAsync(labelSelector: $"{ExecutorPodLabels.Role}={ExecutorPodLabels.ExecutorRole}", cancellationToken: cancellationToken).ConfigureAwait(false)
            : await api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{ExecutorPodLabels.Role}={ExecutorPodLabels.ExecutorRole}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var byApp = executors.Items.Where(p => p.Status?.Phase is "Pending" or "Running").GroupBy(AppId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = drivers.Items.OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(p => p.Metadata.CreationTimestamp).Select(p => new[]
        {
            $"{p.Metadata.NamespaceProperty}:{p.Metadata.Name}",
            AppId(p),
            State(p),
            Age(time.GetUtcNow().UtcDateTime - (p.Metadata.CreationTimestamp ?? time.GetUtcNow().UtcDateTime)),
            byApp.GetValueOrDefault(AppId(p)).ToString(CultureInfo.InvariantCulture),
        }).ToList();
        string[] header = ["APPLICATION", "ID", "STATE", "AGE", "EXECUTORS"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The driver pods matching <c>NAMESPACE:GLOB</c> (or <c>GLOB</c> in the default namespace).</summary>
    public async Task<IReadOnlyList<V1Pod>> MatchAsync(string selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var colon = selector.IndexOf(':', StringComparison.Ordinal);
        var ns = colon > 0 ? selector[..colon] : defaultNamespace;
        var glob = colon >= 0 ? selector[(colon + 1)..] : selector;
        if (glob.Length == 0)
        {
            throw new ConfigException("kiln status", $"'{selector}' names no pod; write NAMESPACE:POD (the pod part may use * and ?), such as default:my-app-*");
        }

        var pattern = new Regex("^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var pods = await api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: DriverPodLabels.Selector(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return pods.Items.Where(p => pattern.IsMatch(p.Metadata.Name)).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<V1Pod>> ExecutorsAsync(V1Pod driver, CancellationToken cancellationToken) =>
        (await api.CoreV1.ListNamespacedPodAsync(driver.Metadata.NamespaceProperty, labelSelector: ExecutorPodLabels.Selector(AppId(driver)), cancellationToken: cancellationToken).ConfigureAwait(false)).Items.ToList();

    private async Task<int> NoneAsync(string selector)
    {
        await output.WriteLineAsync($"kiln: no Kiln application matches {selector} (driver pods are labelled {DriverPodLabels.Selector()})").ConfigureAwait(false);
        return 1;
    }

    private static string AppId(V1Pod pod) => pod.Metadata.Labels is { } l && l.TryGetValue(ExecutorPodLabels.AppId, out var id) ? id : "";

    private static string State(V1Pod pod)
    {
        var status = DriverStatus.Of(pod);
        return status.Terminated is { Reason: { } reason } && !status.Succeeded ? $"{status.Phase} ({reason})" : status.Phase;
    }

    private static string Age(TimeSpan age) => age.TotalDays >= 1 ? $"{(int)age.TotalDays}d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h" : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m" : $"{Math.Max(0, (int)age.TotalSeconds)}s";
}
