using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>
/// Approved snapshots: the text is compared with <c>Approved/NAME.yaml</c> in the test project. On a mismatch (or with
/// no approved file) the test fails with a line diff and leaves <c>Approved/NAME.received.yaml</c> beside it (git-ignored):
/// a reviewer approves it by renaming it over the approved file.
/// </summary>
internal static class Approvals
{
    public static void Verify(string name, string received, [CallerFilePath] string caller = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(caller)!, "Approved");
        var approvedFile = Path.Combine(directory, $"{name}.yaml");
        var receivedFile = Path.Combine(directory, $"{name}.received.yaml");
        received = Normalize(received);
        var approved = File.Exists(approvedFile) ? Normalize(File.ReadAllText(approvedFile)) : null;
        if (approved == received)
        {
            File.Delete(receivedFile);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedFile, received);
        throw new XunitException(approved is null
            ? $"no approved snapshot {approvedFile}; review {receivedFile} and rename it to approve"
            : $"the pod differs from {approvedFile} (- approved, + received); if the change is intended, rename {receivedFile} over it\n{LineDiff.Unified(approved, received)}");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
