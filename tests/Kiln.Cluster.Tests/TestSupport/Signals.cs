using System.Runtime.InteropServices;

namespace Kiln.Cluster.Tests.TestSupport;

/// <summary>POSIX signals that .NET has no API for: asking a process to stop (SIGTERM, as a pod deletion does), freezing it (SIGSTOP) and letting it go on (SIGCONT).</summary>
public static partial class Signals
{
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static void Terminate(int pid) => Send(pid, SigTerm);

    public static void Stop(int pid) => Send(pid, SigStop);

    public static void Continue(int pid) => Send(pid, SigCont);

    private static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
