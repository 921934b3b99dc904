using System.Diagnostics;
using Kiln.Staging.Client;
using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Deploy;

/// <summary>
/// deploy/image/entrypoint.sh run by /bin/sh against the kiln command line built beside these tests (the image's
/// /opt/kiln/bin in miniature): dispatch, the fetch of staged files (by kiln itself) before an executor starts, and exec, so that
/// SIGTERM reaches Kiln.
/// </summary>
public sealed class EntrypointTests : IDisposable
{
    private static readonly string Script = RepoPaths.Of("deploy/image/entrypoint.sh");
    private static readonly string KilnDll = Path.Combine(AppContext.BaseDirectory, "Kiln.Cli.dll");
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_kiln_command_is_run_with_its_arguments_and_no_arguments_prints_the_usage()
    {
        var version = await RunAsync([], "version");
        Assert.Equal(0, version.Code);
        Assert.StartsWith("kiln ", version.Output, StringComparison.Ordinal);

        var usage = await RunAsync([]);
        Assert.Equal(0, usage.Code);
        Assert.Contains("usage: kiln <command>", usage.Output, StringComparison.Ordinal);

        var unknown = await RunAsync([], "no-such-command");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("unknown command 'no-such-command'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_path_runs_that_program_and_a_missing_kiln_is_reported()
    {
        var echo = await RunAsync([], "/bin/echo", "hello", "world");
        Assert.Equal((0, "hello world\n"), (echo.Code, echo.Output));

        var missing = await RunAsync([("KILN_DLL", _dir.Sub("nowhere/Kiln.Cli.dll"))], "version");
        Assert.Equal(127, missing.Code);
        Assert.Contains("Kiln.Cli.dll is missing", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_executor_fetches_the_staged_files_first_and_incomplete_staging_settings_stop_it()
    {
        await using var server = await TestServers.StartAsync(_dir.Sub("store"));
        var app = _dir.Sub("app");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "App.dll"), "app");
        using var client = new StagingClient(server.Url);
        var staged = await client.UploadAsync(app, [], null, CancellationToken.None);
        var secretFile = _dir.Sub("secret");
        await File.WriteAllTextAsync(secretFile, staged.ResourceSecret);
        var into = _dir.Sub("work");

        // The executor then refuses to start (no KILN_AUTH_SECRET): what matters is that the files came first.
        var run = await RunAsync(
            [("KILN_STAGING_URI", server.Url.ToString()), ("KILN_STAGING_RESOURCE_ID", staged.ResourceId), ("KILN_STAGING_SECRET_FILE", secretFile), ("KILN_STAGING_INTO", into), ("KILN_AUTH_SECRET", null)],
            "executor", "--executor-id", "1");
        Assert.Contains($"kiln executor: fetched 1 staged files (resource {staged.ResourceId} on {server.Url}) into {into}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(staged.ResourceSecret, run.Error + run.Output, StringComparison.Ordinal);
        Assert.Equal("app", await File.ReadAllTextAsync(Path.Combine(into, "App.dll")));
        Assert.Equal(2, run.Code);
        Assert.Contains("KILN_AUTH_SECRET", run.Error, StringComparison.Ordinal);

        var partial = await RunAsync([("KILN_STAGING_URI", server.Url.ToString())], "executor");
        Assert.Equal(1, partial.Code);
        Assert.Contains("needs KILN_STAGING_URI, KILN_STAGING_RESOURCE_ID and KILN_STAGING_SECRET_FILE together", partial.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_staging_server_replaces_the_shell_so_sigterm_stops_it_cleanly()
    {
        using var process = Start([], "staging-server", "--dir", _dir.Sub("store"), "--port", "0", "--host", "127.0.0.1");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? string.Empty;
            Assert.StartsWith("kiln staging server at http://127.0.0.1:", line, StringComparison.Ordinal);
            var url = new Uri(line.Split(' ')[4]);
            using (var http = new HttpClient())
            {
                Assert.Equal("ok", await http.GetStringAsync(new Uri(url, "/healthz")));
            }

            // After exec the shell's pid is the .NET process's: the signal goes to Kiln, which stops and exits 0.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    private async Task<(int Code, string Output, string Error)> RunAsync((string Name, string? Value)[] environment, params string[] args)
    {
        using var process = Start(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await output, await error);
    }

    private Process Start((string Name, string? Value)[] environment, params string[] args)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir.Path };
        info.ArgumentList.Add(Script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KILN_DLL"] = KilnDll;
        info.Environment["DOTNET"] = DotnetHost();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>The dotnet host running these tests (so that PATH need not hold it).</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
