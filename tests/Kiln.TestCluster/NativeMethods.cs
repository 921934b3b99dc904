using System.Runtime.InteropServices;

namespace Kiln.TestCluster;

/// <summary>POSIX calls .NET does not expose: signalling a whole process group.</summary>
internal static partial class NativeMethods
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to every process of the group led by <paramref name="processGroup"/>.</summary>
    public static void SignalGroup(int processGroup, int signal) => _ = Kill(-processGroup, signal);
}
