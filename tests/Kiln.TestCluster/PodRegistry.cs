using System.Collections.Concurrent;

namespace Kiln.TestCluster;

/// <summary>The pods this agent runs, by "namespace/name", shared by the pod workers and the kubelet server.</summary>
internal sealed class PodRegistry
{
    private readonly ConcurrentDictionary<string, PodRunner> _runners = new(StringComparer.Ordinal);

    public static string Key(string? ns, string? name) => $"{ns}/{name}";

    public PodRunner? Find(string ns, string name) => _runners.GetValueOrDefault(Key(ns, name));

    public void Set(string key, PodRunner runner) => _runners[key] = runner;

    public bool Remove(string key, out PodRunner? runner) => _runners.TryRemove(key, out runner);

    public IReadOnlyList<KeyValuePair<string, PodRunner>> Snapshot() => _runners.ToArray();
}
