namespace Kiln.TestCluster;

/// <summary>Everything needed to start one run of a container as a local process.</summary>
internal sealed record ContainerLaunch(
    string Id,
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    IReadOnlyList<(string Source, string MountPath, bool ReadOnly)> Mounts,
    string LogFile,
    string ScriptDirectory,
    long? MemoryLimitBytes);
