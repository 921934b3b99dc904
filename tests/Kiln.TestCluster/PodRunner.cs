using k8s;
using k8s.Models;
using Kiln.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>
/// Runs one pod bound to one node as local processes and reports its status, like a kubelet:
/// <code>
///   Pull images --unresolvable: ErrImagePull, ImagePullBackOff (1s, 2s, 4s .. 16s), retry--.
///     |                                                                                 |
///     v                                                                                 |
///   Setup (volumes, env) --error: waiting reason, retry every 2s--.
///     |                                                          |
///     v                                                          |
///   Init containers, in order --> Containers, concurrently --> Done (Succeeded | Failed)
///                                   | exit: restart per restartPolicy
///                                   |       (CrashLoopBackOff delay)
///   any state --deletionTimestamp--> Terminating: SIGTERM, grace period, SIGKILL --> final delete
/// </code>
/// </summary>
internal sealed class PodRunner : IDisposable
{
    private readonly IKubernetes _client;
    private readonly ImageMap _images;
    private readonly PodEnvironment _environment;
    private readonly PodVolumes _volumes;
    private readonly PodIpAllocator _ips;
    private readonly PodEventRecorder _events;
    private readonly ILogger _logger;
    private readonly string _hostIP;
    private readonly string _podDirectory;
    private readonly CancellationTokenSource _deleting = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly List<ContainerSlot> _init;
    private readonly List<ContainerSlot> _main;
    private readonly DateTime _startTime = DateTime.UtcNow;
    private long _graceSeconds = 30;
    private string? _lastSetupProblem;
    private string _podIP = "";
    private Task _run = Task.CompletedTask;

    public PodRunner(V1Pod pod, IKubernetes client, AgentOptions options, PodIpAllocator ips, string hostIP, ILogger logger)
    {
        Pod = pod;
        _client = client;
        _environment = new PodEnvironment(client, options);
        _images = new ImageMap(options);
        _volumes = new PodVolumes(client);
        _ips = ips;
        _events = new PodEventRecorder(client, pod.Spec?.NodeName ?? "");
        _hostIP = hostIP;
        _logger = logger;
        _podDirectory = Path.Combine(options.StateDirectory, "pods", $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{pod.Metadata.Uid}");
        _init = (pod.Spec?.InitContainers ?? []).Select(c => new ContainerSlot(c, Path.Combine(_podDirectory, "logs", c.Name ?? ""), true)).ToList();
        _main = (pod.Spec?.Containers ?? []).Select(c => new ContainerSlot(c, Path.Combine(_podDirectory, "logs", c.Name ?? ""), false)).ToList();
    }

    public V1Pod Pod { get; private set; }

    public string Uid => Pod.Metadata.Uid ?? "";

    private string Ns => Pod.Metadata.NamespaceProperty ?? "";

    private string Name => Pod.Metadata.Name ?? "";

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Releases the runner's synchronization objects; call after <see cref="AbandonAsync"/>.</summary>
    public void Dispose()
    {
        _deleting.Dispose();
        _abandon.Dispose();
        _publishGate.Dispose();
    }

    /// <summary>Takes a newer version of the pod; a deletionTimestamp starts graceful termination.</summary>
    public void Update(V1Pod pod)
    {
        Pod = pod;
        if (pod.Metadata.DeletionTimestamp is not null && !_deleting.IsCancellationRequested)
        {
            _graceSeconds = pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec?.TerminationGracePeriodSeconds ?? 30;
            _deleting.Cancel();
        }
    }

    /// <summary>Kills the processes without reporting anything (the pod is gone, or the agent is stopping).</summary>
    public async Task AbandonAsync()
    {
        _abandon.Cancel();
        foreach (var slot in _init.Concat(_main))
        {
            slot.Process?.Signal(NativeMethods.SigKill);
        }

        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The log file of a container's current (or previous) run, for the kubelet log endpoint.</summary>
    public (string? File, bool Running) LogFileOf(string container, bool previous)
    {
        var slot = _init.Concat(_main).FirstOrDefault(s => s.Name == container);
        if (slot is null)
        {
            return (null, false);
        }

        var run = previous ? slot.RestartCount - 1 : slot.RestartCount;
        return (run < 0 ? null : slot.LogFile(run), !previous && slot.State.Running is not null);
    }

    private async Task RunAsync()
    {
        _podIP = _ips.Allocate();
        try
        {
            Log.PodStarting(_logger, Ns, Name, Pod.Spec?.NodeName ?? "", _podIP);
            var work = RunContainersAsync();
            await Task.WhenAny(work, WaitAsync(Timeout.InfiniteTimeSpan, _deleting.Token)).ConfigureAwait(false);
            if (!_deleting.IsCancellationRequested)
            {
                await work.ConfigureAwait(false);
                await PublishAsync().ConfigureAwait(false);
                await WaitAsync(Timeout.InfiniteTimeSpan, _deleting.Token).ConfigureAwait(false);
            }

            _abandon.Token.ThrowIfCancellationRequested();
            await TerminateAsync(work).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.PodProblem(_logger, Ns, Name, "pod runner failed", e);
        }
        finally
        {
            _ips.Release(_podIP);
        }
    }

    private async Task RunContainersAsync()
    {
        var launches = await SetupAsync().ConfigureAwait(false);
        if (launches is not null && await RunInitContainersAsync(launches).ConfigureAwait(false))
        {
            await Task.WhenAll(_main.Select(s => RunContainerAsync(s, launches[s.Name]))).ConfigureAwait(false);
        }
    }

    /// <summary>Prepares volumes and launch descriptions; null if deletion came first.</summary>
    private async Task<Dictionary<string, ContainerLaunch>?> SetupAsync()
    {
        if (!await PullImagesAsync().ConfigureAwait(false))
        {
            return null;
        }

        while (!_deleting.IsCancellationRequested)
        {
            try
            {
                var volumes = await _volumes.PrepareAsync(Pod, _podDirectory, _abandon.Token).ConfigureAwait(false);
                var launches = new Dictionary<string, ContainerLaunch>(StringComparer.Ordinal);
                foreach (var slot in _init.Concat(_main))
                {
                    launches[slot.Name] = await LaunchAsync(slot, volumes).ConfigureAwait(false);
                }

                return launches;
            }
            catch (Exception e) when (e is PodSetupException or Kiln.Kubernetes.KubernetesException)
            {
                var reason = e is PodSetupException setup ? setup.Reason : "ContainerCreating";
                if (e.Message != _lastSetupProblem)
                {
                    _lastSetupProblem = e.Message;
                    await _events.RecordAsync(Pod, "Warning", "Failed", $"Error: {e.Message}", null, _abandon.Token).ConfigureAwait(false);
                }

                foreach (var slot in _init.Concat(_main))
                {
                    slot.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = e.Message } };
                }

                await PublishAsync().ConfigureAwait(false);
                await WaitAsync(TimeSpan.FromSeconds(2), _deleting.Token).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>
    /// Waits until the node can run every container's image (<see cref="ImageMap.CanPull"/>), reporting what a kubelet on
    /// an air-gapped node reports meanwhile: ErrImagePull with the image, then ImagePullBackOff for a doubling delay, then a
    /// new pull. False if deletion came first.
    /// </summary>
    private async Task<bool> PullImagesAsync()
    {
        for (var attempt = 0; !_deleting.IsCancellationRequested; attempt++)
        {
            var missing = _init.Concat(_main).Where(s => !_images.CanPull(s.Spec.Image)).ToList();
            if (missing.Count == 0)
            {
                return true;
            }

            foreach (var slot in missing)
            {
                var image = slot.Spec.Image;
                var message = $"Failed to pull image \"{image}\": rpc error: code = Unknown desc = failed to resolve reference \"{image}\": " +
                    $"registry {ImageMap.RegistryHost(image)} cannot be reached from node {Pod.Spec?.NodeName} (no network) and the node has no copy of the image";
                slot.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull", Message = message } };
                await _events.RecordAsync(Pod, "Normal", "Pulling", $"Pulling image \"{image}\"", FieldPath(slot), _abandon.Token).ConfigureAwait(false);
                await _events.RecordAsync(Pod, "Warning", "Failed", message, FieldPath(slot), _abandon.Token).ConfigureAwait(false);
                await _events.RecordAsync(Pod, "Warning", "Failed", "Error: ErrImagePull", FieldPath(slot), _abandon.Token).ConfigureAwait(false);
            }

            await PublishAsync().ConfigureAwait(false);
            await WaitAsync(TimeSpan.FromSeconds(1), _deleting.Token).ConfigureAwait(false);
            foreach (var slot in missing)
            {
                var backOff = $"Back-off pulling image \"{slot.Spec.Image}\"";
                slot.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = backOff } };
                await _events.RecordAsync(Pod, "Normal", "BackOff", backOff, FieldPath(slot), _abandon.Token).ConfigureAwait(false);
            }

            await PublishAsync().ConfigureAwait(false);
            await WaitAsync(TimeSpan.FromSeconds(Math.Min(16, Math.Pow(2, attempt))), _deleting.Token).ConfigureAwait(false);
        }

        return false;
    }

    private async Task<ContainerLaunch> LaunchAsync(ContainerSlot slot, Dictionary<string, string> volumes)
    {
        var env = await _environment.ResolveAsync(Pod, slot.Spec, _podIP, _hostIP, _abandon.Token).ConfigureAwait(false);
        var argv = _environment.Argv(slot.Spec, env);
        if (argv.Count == 0)
        {
            throw new PodSetupException("CreateContainerConfigError", $"container {slot.Name} has no command or args");
        }

        var mounts = new List<(string, string, bool)>();
        foreach (var m in slot.Spec.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(m.Name ?? "", out var source))
            {
                throw new PodSetupException("CreateContainerConfigError", $"volumeMount {m.Name} names no volume");
            }

            mounts.Add((m.SubPath is { Length: > 0 } sub ? Path.Combine(source, sub) : source, m.MountPath ?? "", m.ReadOnlyProperty == true));
        }

        var work = slot.Spec.WorkingDir ?? _environment.ImageDirectory(slot.Spec) ?? Path.Combine(_podDirectory, "work");
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(slot.LogDirectory);
        long? memory = slot.Spec.Resources?.Limits?.TryGetValue("memory", out var limit) == true ? (long)Quantity.Parse(limit.ToString()) : null;
        return new ContainerLaunch($"{Uid}-{slot.Name}", argv, env, work, mounts, slot.LogFile(0), Path.Combine(_podDirectory, "launch"), memory);
    }

    private async Task<bool> RunInitContainersAsync(Dictionary<string, ContainerLaunch> launches)
    {
        foreach (var slot in _init)
        {
            await RunContainerAsync(slot, launches[slot.Name]).ConfigureAwait(false);
            if (slot.State.Terminated?.ExitCode != 0)
            {
                foreach (var main in _main)
                {
                    main.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "PodInitializing" } };
                    main.Done = true;
                }

                return false;
            }
        }

        return true;
    }

    private async Task RunContainerAsync(ContainerSlot slot, ContainerLaunch launch)
    {
        while (!_deleting.IsCancellationRequested)
        {
            ContainerProcess process;
            try
            {
                process = ContainerProcess.Start(launch with { LogFile = slot.LogFile(slot.RestartCount), Id = $"{launch.Id}-{slot.RestartCount}" });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                Log.PodProblem(_logger, Ns, Name, $"container {slot.Name} cannot start", e);
                slot.State = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated { ExitCode = 128, Reason = "StartError", Message = e.Message, FinishedAt = DateTime.UtcNow },
                };
                slot.Done = true;
                await PublishAsync().ConfigureAwait(false);
                return;
            }

            using var _ = process;
            slot.Process = process;
            slot.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = process.StartedAt.UtcDateTime } };
            await PublishAsync().ConfigureAwait(false);
            await _events.RecordAsync(Pod, "Normal", "Started", $"Started container {slot.Name}", FieldPath(slot), _abandon.Token).ConfigureAwait(false);
            var (code, oom) = await process.WaitAsync(_abandon.Token).ConfigureAwait(false);
            var reason = oom ? "OOMKilled" : code == 0 ? "Completed" : "Error";
            slot.State = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = code,
                    Reason = reason,
                    StartedAt = process.StartedAt.UtcDateTime,
                    FinishedAt = DateTime.UtcNow,
                    ContainerID = $"kiln://{Uid}/{slot.Name}",
                },
            };
            slot.Process = null;
            Log.ContainerExited(_logger, Ns, Name, slot.Name, code, reason);
            var policy = Pod.Spec?.RestartPolicy ?? "Always";
            var restart = !_deleting.IsCancellationRequested &&
                (slot.IsInit ? code != 0 && policy != "Never" : policy == "Always" || (policy == "OnFailure" && code != 0));
            if (!restart)
            {
                slot.Done = true;
                await PublishAsync().ConfigureAwait(false);
                return;
            }

            slot.LastState = slot.State;
            slot.RestartCount++;
            slot.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } };
            await PublishAsync().ConfigureAwait(false);
            await _events.RecordAsync(Pod, "Warning", "BackOff", $"Back-off restarting failed container {slot.Name}", FieldPath(slot), _abandon.Token)
                .ConfigureAwait(false);
            await WaitAsync(TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, slot.RestartCount - 1))), _deleting.Token).ConfigureAwait(false);
        }
    }

    private async Task TerminateAsync(Task work)
    {
        Log.PodTerminating(_logger, Ns, Name, _graceSeconds);
        foreach (var slot in _init.Concat(_main).Where(s => s.Process is not null))
        {
            await _events.RecordAsync(Pod, "Normal", "Killing", $"Stopping container {slot.Name}", FieldPath(slot), _abandon.Token).ConfigureAwait(false);
        }

        var terminated = new HashSet<int>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(_graceSeconds);
        while (!work.IsCompleted)
        {
            var kill = DateTimeOffset.UtcNow >= deadline;
            foreach (var process in _init.Concat(_main).Select(s => s.Process).OfType<ContainerProcess>())
            {
                if (kill)
                {
                    process.Signal(NativeMethods.SigKill);
                }
                else if (terminated.Add(process.Pid))
                {
                    process.Signal(NativeMethods.SigTerm);
                }
            }

            await Task.WhenAny(work, Task.Delay(100, _abandon.Token)).ConfigureAwait(false);
            _abandon.Token.ThrowIfCancellationRequested();
        }

        await work.ConfigureAwait(false);
        await PublishAsync().ConfigureAwait(false);
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(
                Name, Ns, new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = Uid } }, cancellationToken: _abandon.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubernetesNotFoundException or KubernetesConflictException)
        {
        }
    }

    private async Task PublishAsync()
    {
        await _publishGate.WaitAsync(_abandon.Token).ConfigureAwait(false);
        try
        {
            var status = BuildStatus();
            await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(new { status }, V1Patch.PatchType.MergePatch), Name, Ns, cancellationToken: _abandon.Token)
                .ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
        }
        catch (KubernetesApiException e)
        {
            Log.PodProblem(_logger, Ns, Name, "status update failed", e);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private V1PodStatus BuildStatus()
    {
        var all = _main;
        var done = all.Count > 0 && all.All(s => s.Done);
        var started = all.All(s => s.State.Running is not null || s.State.Terminated is not null || s.RestartCount > 0);
        var phase = done
            ? (all.All(s => s.State.Terminated?.ExitCode == 0) ? "Succeeded" : "Failed")
            : started ? "Running" : "Pending";
        var ready = all.All(s => s.State.Running is not null) ? "True" : "False";
        var initialized = _init.All(s => s.State.Terminated?.ExitCode == 0) ? "True" : "False";
        var now = DateTime.UtcNow;
        return new V1PodStatus
        {
            Phase = phase,
            HostIP = _hostIP,
            PodIP = _podIP,
            PodIPs = [new V1PodIP { Ip = _podIP }],
            StartTime = _startTime,
            QosClass = Pod.Status?.QosClass,
            Conditions =
            [
                new V1PodCondition { Type = "Initialized", Status = initialized, LastTransitionTime = now },
                new V1PodCondition { Type = "Ready", Status = ready, LastTransitionTime = now },
                new V1PodCondition { Type = "ContainersReady", Status = ready, LastTransitionTime = now },
                new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = _startTime },
            ],
            InitContainerStatuses = _init.Count == 0 ? null : _init.Select(s => s.ToStatus(Uid)).ToList(),
            ContainerStatuses = _main.Select(s => s.ToStatus(Uid)).ToList(),
        };
    }

    private static string FieldPath(ContainerSlot slot) =>
        slot.IsInit ? $"spec.initContainers{{{slot.Name}}}" : $"spec.containers{{{slot.Name}}}";

    private async Task WaitAsync(TimeSpan delay, CancellationToken wake)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wake, _abandon.Token);
        try
        {
            await Task.Delay(delay, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_abandon.IsCancellationRequested)
        {
        }
    }
}
