using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Kiln.Testing;

/// <summary>
/// The real test control plane as the Kubernetes test projects use it: started or reused through
/// <c>scripts/k8s-test-cluster.sh up</c> (its output kept in a log beside the system's temporary files), and fresh
/// namespaces whose default service account is ready. A cluster that cannot start is an exception naming the reason
/// and the log: these tests are never skipped. Linked into each Kubernetes test project, so they start it one way.
/// </summary>
internal static class TestControlPlane
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Starts the cluster, or reuses the running one; returns the path of its admin kubeconfig.</summary>
    public static async Task<string> UpAsync()
    {
        // One log per state directory: separate clusters on one machine (KILN_K8S_STATE_DIR) do not share it.
        var stateDir = Environment.GetEnvironmentVariable("KILN_K8S_STATE_DIR");
        var suffix = string.IsNullOrEmpty(stateDir) ? "" : "-" + new DirectoryInfo(stateDir).Name;
        var log = Path.Combine(Path.GetTempPath(), $"kiln-k8s-test-cluster-up{suffix}.log");
        var (code, output, errors) = await RunAsync("bash", Path.Combine(RepositoryRoot, "scripts", "k8s-test-cluster.sh"), "up");
        await File.WriteAllTextAsync(log, errors + output);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (code != 0 || last is null || !File.Exists(last))
        {
            throw new InvalidOperationException(
                $"The Kubernetes test cluster did not start (exit code {code}, CI={Environment.GetEnvironmentVariable("CI")}). " +
                $"Output of `scripts/k8s-test-cluster.sh up` is in {log}; component logs are in the state directory it names. " +
                $"Last output: {string.Join(" | ", (errors + output).Split('\n').TakeLast(15))}");
        }

        return last;
    }

    /// <summary>Creates a namespace named <c>PREFIX-HINT-RANDOM</c> and waits until its default service account has its token.</summary>
    public static async Task<string> NewNamespaceAsync(IKubernetes admin, string prefix, string hint)
    {
        var name = $"{prefix}-{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray())}-{Guid.NewGuid().ToString("N")[..6]}";
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await HasTokenAsync(admin, name))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the default service account of namespace {name} got no token within 60s");
            }

            await Task.Delay(200);
        }

        return name;
    }

    private static async Task<bool> HasTokenAsync(IKubernetes admin, string ns)
    {
        try
        {
            return (await admin.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)).Secrets?.Count > 0;
        }
        catch (Kiln.Kubernetes.KubernetesNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Deletes namespaces a test run made, ignoring those already gone.</summary>
    public static async Task DeleteNamespacesAsync(IKubernetes admin, IEnumerable<string> namespaces)
    {
        foreach (var ns in namespaces)
        {
            try
            {
                await admin.CoreV1.DeleteNamespaceAsync(ns);
            }
            catch (Kiln.Kubernetes.KubernetesException)
            {
            }
        }
    }

    /// <summary>Runs a program from the repository root and returns its exit code, standard output and standard error.</summary>
    public static Task<(int Code, string Output, string Errors)> RunAsync(string file, params string[] args) => RunAsync(file, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(string, string[])"/>, with <paramref name="environment"/> added to the program's environment.</summary>
    public static async Task<(int Code, string Output, string Errors)> RunAsync(string file, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot };
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(45));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "k8s-test-cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root with scripts/k8s-test-cluster.sh above {AppContext.BaseDirectory}.");
    }
}
