using k8s.Models;

namespace Kiln.TestCluster;

/// <summary>The agent's mutable record of one container of a pod: its current run, restarts and reported state.</summary>
internal sealed class ContainerSlot(V1Container spec, string logDirectory, bool isInit)
{
    public V1Container Spec { get; } = spec;

    public string Name => Spec.Name ?? "";

    public bool IsInit { get; } = isInit;

    public int RestartCount { get; set; }

    public ContainerProcess? Process { get; set; }

    public V1ContainerState State { get; set; } = new() { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };

    public V1ContainerState? LastState { get; set; }

    /// <summary>True once the container exited and will not be restarted.</summary>
    public bool Done { get; set; }

    public string LogDirectory { get; } = logDirectory;

    public string LogFile(int run) => Path.Combine(LogDirectory, $"{run}.log");

    public V1ContainerStatus ToStatus(string podUid) => new()
    {
        Name = Name,
        Image = Spec.Image,
        ImageID = "",
        ContainerID = $"kiln://{podUid}/{Name}",
        RestartCount = RestartCount,
        Ready = State.Running is not null,
        Started = State.Running is not null,
        State = State,
        LastState = LastState ?? new V1ContainerState(),
    };
}
