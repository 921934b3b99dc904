using System.Diagnostics;
using System.Text;

namespace Kiln.TestCluster;

/// <summary>
/// One run of a container: a process group started as
/// <c>setsid unshare --mount --propagation private sh launcher.sh CMD ARGS...</c>, where the launcher joins
/// the memory cgroup, bind-mounts the pod's volumes at their mountPaths (visible to this process tree
/// only), changes directory and execs the command with stdout and stderr appended to the log file.
/// </summary>
internal sealed class ContainerProcess : IDisposable
{
    private readonly Process _process;
    private readonly MemoryCgroup? _cgroup;

    private ContainerProcess(Process process, MemoryCgroup? cgroup)
    {
        _process = process;
        _cgroup = cgroup;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public DateTimeOffset StartedAt { get; }

    public int Pid => _process.Id;

    public static ContainerProcess Start(ContainerLaunch launch)
    {
        var cgroup = launch.MemoryLimitBytes is { } limit ? MemoryCgroup.TryCreate(launch.Id, limit) : null;
        Directory.CreateDirectory(launch.ScriptDirectory);
        var script = Path.Combine(launch.ScriptDirectory, $"{launch.Id}.sh");
        File.WriteAllText(script, Launcher(launch, cgroup));
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "unshare", "--mount", "--propagation", "private", "/bin/sh", script })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in launch.Argv)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        foreach (var (k, v) in launch.Environment)
        {
            psi.Environment[k] = v;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("setsid did not start.");
        return new ContainerProcess(process, cgroup);
    }

    /// <summary>Waits for the main process; then kills what is left of its group, as a container runtime would.</summary>
    public async Task<(int ExitCode, bool OomKilled)> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        NativeMethods.SignalGroup(_process.Id, NativeMethods.SigKill);
        var code = _process.ExitCode;
        var oom = _cgroup is not null && code == 137 && _cgroup.WasOomKilled();
        _cgroup?.Delete();
        return (code, oom);
    }

    public void Signal(int signal) => NativeMethods.SignalGroup(_process.Id, signal);

    public void Dispose() => _process.Dispose();

    private static bool Under(string path, string directory) =>
        path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal) || path == directory;

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Launcher(ContainerLaunch launch, MemoryCgroup? cgroup)
    {
        // The log is opened before the mounts: a volume mounted over /tmp (a common emptyDir) would hide the pod directory.
        var sb = new StringBuilder("#!/bin/sh\n").Append("exec >> ").Append(Quote(launch.LogFile)).Append(" 2>&1\n");
        if (cgroup is not null)
        {
            sb.Append("echo $$ > ").Append(Quote(cgroup.Path + "/cgroup.procs")).Append(" || exit 125\n");
        }

        // A mount over a directory that holds other mounts' sources (an emptyDir at /tmp, where the pod directories
        // live) goes after them, or it would hide them.
        var ordered = launch.Mounts.OrderBy(m => launch.Mounts.Any(o => o != m && Under(o.Source, m.MountPath)) ? 1 : 0);
        foreach (var (source, mountPath, readOnly) in ordered)
        {
            sb.Append("mkdir -p ").Append(Quote(mountPath)).Append(" && mount --bind ").Append(Quote(source)).Append(' ')
                .Append(Quote(mountPath)).Append(" || exit 125\n");
            if (readOnly)
            {
                sb.Append("mount -o remount,bind,ro ").Append(Quote(mountPath)).Append(" || true\n");
            }
        }

        sb.Append("cd ").Append(Quote(launch.WorkingDirectory)).Append(" || exit 125\n");
        sb.Append("exec \"$@\"\n");
        return sb.ToString();
    }
}
