namespace Kiln.TestCluster;

/// <summary>
/// A memory cgroup for one container run, so a memory limit is enforced by the kernel's OOM killer and
/// the agent can report OOMKilled. Uses cgroup v2 when the unified hierarchy has the memory controller,
/// else cgroup v1's memory hierarchy; if neither is writable, limits are not enforced.
/// </summary>
internal sealed class MemoryCgroup
{
    private const string Parent = "kiln-test-cluster";

    private MemoryCgroup(string path, bool v2)
    {
        Path = path;
        IsV2 = v2;
    }

    public string Path { get; }

    public bool IsV2 { get; }

    public static MemoryCgroup? TryCreate(string id, long limitBytes)
    {
        foreach (var (root, v2) in new[] { ("/sys/fs/cgroup", true), ("/sys/fs/cgroup/memory", false) })
        {
            try
            {
                if (v2 && !(File.Exists($"{root}/cgroup.controllers") && File.ReadAllText($"{root}/cgroup.controllers").Contains("memory", StringComparison.Ordinal)))
                {
                    continue;
                }

                if (!v2 && !File.Exists($"{root}/memory.limit_in_bytes"))
                {
                    continue;
                }

                var parent = $"{root}/{Parent}";
                Directory.CreateDirectory(parent);
                if (v2)
                {
                    File.WriteAllText($"{root}/cgroup.subtree_control", "+memory");
                    File.WriteAllText($"{parent}/cgroup.subtree_control", "+memory");
                }

                var path = $"{parent}/{id}";
                Directory.CreateDirectory(path);
                File.WriteAllText(v2 ? $"{path}/memory.max" : $"{path}/memory.limit_in_bytes", limitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!v2 && File.Exists($"{path}/memory.memsw.limit_in_bytes"))
                {
                    TryWrite($"{path}/memory.memsw.limit_in_bytes", limitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return new MemoryCgroup(path, v2);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>True if the kernel OOM-killed a process of this cgroup.</summary>
    public bool WasOomKilled()
    {
        try
        {
            var file = IsV2 ? $"{Path}/memory.events" : $"{Path}/memory.oom_control";
            foreach (var line in File.ReadAllLines(file))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && parts[0] == "oom_kill" && parts[1] != "0")
                {
                    return true;
                }
            }

            return !IsV2 && File.ReadAllText($"{Path}/memory.failcnt").Trim() != "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Delete()
    {
        for (var i = 0; i < 20; i++)
        {
            try
            {
                Directory.Delete(Path);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static void TryWrite(string file, string value)
    {
        try
        {
            File.WriteAllText(file, value);
        }
        catch (IOException)
        {
        }
    }
}
