using System.Text;
using k8s;
using k8s.Models;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Cluster.Kubernetes.Pods;
using Kiln.Kubernetes;
using Kiln.Scheduler.Backends;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Kubernetes;

/// <summary>
/// Starts executors as pods (client mode: the driver runs here). It owns the parts of Spark's Kubernetes backend:
/// <code>
///   LaunchAsync ──> the application Secret (once) ──> ExecutorPodAllocator ──POST pods──> API server
///                                                                                           │ list + watch + resync
///   PodHandle.Exited <── ExecutorPodLifecycleManager <──┬── PodSnapshotSource <──────────────┘
///                        ExecutorPodAllocator (pending) <┘   (each a separate subscriber)
/// </code>
/// Given the application's executor logs, each pod's log is kept there (<see cref="PodLogCollector"/>).
/// Disposing deletes the application's executor pods, on-demand claims and Secret (pods are kept with
/// <c>kiln.kubernetes.executor.deleteOnTermination=false</c>).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class KubernetesExecutorLauncher : IExecutorLauncher
{
    private static readonly TimeSpan LogDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _api;
    private readonly KubernetesExecutorOptions _options;
    private readonly V1OwnerReference? _owner;
    private readonly ILogger _logger;
    private readonly PodSnapshotSource _snapshots;
    private readonly PodHandles _handles;
    private readonly ExecutorPodAllocator _allocator;
    private readonly ExecutorPodLifecycleManager _lifecycle;
    private readonly PodLogCollector? _logs;
    private readonly SemaphoreSlim _secretLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private bool _secretCreated;
    private int _disposed;

    public KubernetesExecutorLauncher(
        IKubernetes api, KubernetesExecutorOptions options, ExecutorPodBuilder builder, AllocationSettings settings,
        V1OwnerReference? owner, TimeProvider time, ILoggerFactory loggers, IExecutorLogSink? executorLogs = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _owner = owner;
        _logger = loggers.CreateLogger("Kiln.Cluster.Kubernetes");
        SecretName = $"{options.PodNamePrefix}-auth";
        _handles = new PodHandles(DeletePodAsync);
        _snapshots = new PodSnapshotSource(api, options.Namespace, options.AppId, settings.PollInterval, time, _logger);
        _allocator = new ExecutorPodAllocator(api, builder, options, settings, Context, _handles, time, _logger);
        _logs = executorLogs is null ? null : new PodLogCollector(api, options.Namespace, executorLogs, time, _logger);
        _lifecycle = new ExecutorPodLifecycleManager(api, options.Namespace, settings, _handles, time, _logger, _logs);
        _snapshots.Subscribe(s =>
        {
            _allocator.OnSnapshot(s);
            return ValueTask.CompletedTask;
        });
        _snapshots.Subscribe(s =>
        {
            _lifecycle.OnSnapshot(s);
            return ValueTask.CompletedTask;
        });
        _snapshots.Start();
    }

    /// <summary>The application's Secret: the RPC secret (and TLS material) executors read.</summary>
    public string SecretName { get; }

    /// <summary>Executor pods created so far.</summary>
    public int PodsCreated => _allocator.Created;

    /// <summary>The pod of each executor started so far.</summary>
    public IReadOnlyDictionary<string, string> PodNames => _handles.All().ToDictionary(h => h.ExecutorId, h => h.PodName, StringComparer.Ordinal);

    public async ValueTask<IExecutorHandle> LaunchAsync(ExecutorLaunchSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await EnsureSecretAsync(spec, cancellationToken).ConfigureAwait(false);
        return await _allocator.RequestAsync(spec, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pod name of an executor: PREFIX-exec-ID.</summary>
    public string PodName(string executorId) => $"{_options.PodNamePrefix}-exec-{executorId}";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _allocator.DisposeAsync().ConfigureAwait(false);
        await _lifecycle.DisposeAsync().ConfigureAwait(false);
        await _snapshots.DisposeAsync().ConfigureAwait(false);
        if (_logs is not null)
        {
            // Executors told to stop write their last lines now; keep them before the pods are deleted.
            await _logs.DrainAllAsync(LogDrainTimeout).ConfigureAwait(false);
        }

        await CleanUpAsync().ConfigureAwait(false);
        if (_logs is not null)
        {
            await _logs.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _stop.Dispose();
        _secretLock.Dispose();
    }

    private ExecutorPodContext Context(ExecutorLaunchSpec spec) => new(_options, spec, PodName(spec.ExecutorId), SecretName, _owner);

    private async Task EnsureSecretAsync(ExecutorLaunchSpec spec, CancellationToken cancellationToken)
    {
        if (_secretCreated)
        {
            return;
        }

        await _secretLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_secretCreated)
            {
                return;
            }

            var data = new Dictionary<string, byte[]> { [ExecutorPodLabels.SecretKey] = Encoding.UTF8.GetBytes(spec.Secret.Text) };
            if (spec.Tls is { } tls)
            {
                data["tls.crt"] = tls.Certificate;
                data["tls.key"] = tls.Key;
                data["trust.crt"] = tls.Trust;
            }

            var secret = new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Type = "Opaque",
                Metadata = new V1ObjectMeta
                {
                    Name = SecretName,
                    NamespaceProperty = _options.Namespace,
                    Labels = new Dictionary<string, string> { [ExecutorPodLabels.AppId] = _options.AppId },
                    OwnerReferences = _owner is null ? null : [_owner],
                },
                Data = data,
            };
            try
            {
                await _api.CoreV1.CreateNamespacedSecretAsync(secret, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ExecutorStartException(spec.ExecutorId, $"the application Secret {SecretName} could not be created: {e.Message}", [], e)
                {
                    FailsApplication = ApiErrors.IsPermanent(e),
                };
            }

            _secretCreated = true;
        }
        finally
        {
            _secretLock.Release();
        }
    }

    /// <summary>Deletes an executor's pod (at once: the driver is done with it), unless it ended and pods are kept for inspection.</summary>
    private async Task DeletePodAsync(PodHandle handle)
    {
        if (!_options.DeleteOnTermination && handle.Exited.IsCompleted)
        {
            return;
        }

        try
        {
            await _api.CoreV1.DeleteNamespacedPodAsync(handle.PodName, _options.Namespace, gracePeriodSeconds: 0, cancellationToken: _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e) || e is OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            KubernetesLog.DeleteFailed(_logger, "pod", handle.PodName, e.Message);
        }
    }

    /// <summary>The application is over: no executor pod, claim or Secret of it outlives it.</summary>
    private async Task CleanUpAsync()
    {
        var selector = $"{ExecutorPodLabels.AppId}={_options.AppId}";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (_options.DeleteOnTermination)
        {
            await TryAsync("pods", () => _api.CoreV1.DeleteCollectionNamespacedPodAsync(_options.Namespace, labelSelector: ExecutorPodLabels.Selector(_options.AppId), gracePeriodSeconds: 0, cancellationToken: timeout.Token)).ConfigureAwait(false);
            await TryAsync("persistent volume claims", () => _api.CoreV1.DeleteCollectionNamespacedPersistentVolumeClaimAsync(_options.Namespace, labelSelector: selector, cancellationToken: timeout.Token)).ConfigureAwait(false);
        }

        if (_secretCreated)
        {
            await TryAsync("secret", () => _api.CoreV1.DeleteNamespacedSecretAsync(SecretName, _options.Namespace, cancellationToken: timeout.Token)).ConfigureAwait(false);
        }

        KubernetesLog.CleanedUp(_logger, _options.Namespace);
    }

    private async Task TryAsync<T>(string kind, Func<Task<T>> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
        }
        catch (Exception e) when (!ApiErrors.IsNotFound(e))
        {
            KubernetesLog.DeleteFailed(_logger, kind, _options.AppId, e.Message);
        }
        catch (KubernetesNotFoundException)
        {
        }
    }
}
