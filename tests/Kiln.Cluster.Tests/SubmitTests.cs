using System.Diagnostics;
using Kiln.Cli;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Config;

namespace Kiln.Cluster.Tests;

/// <summary>
/// `kiln submit` runs the example applications (built in their own directories) as drivers, in a real `kiln`
/// process: each prints the same on local[2] and on a local cluster, where its lambdas run in executor processes.
/// </summary>
public sealed class SubmitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Example(string name)
    {
        var here = AppContext.BaseDirectory;
        var root = here;
        while (!File.Exists(Path.Combine(root, "Kiln.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException($"no Kiln.sln above {here}");
        }

        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(root, "examples", $"Kiln.Examples.{name}", "bin", configuration, "net10.0", $"Kiln.Examples.{name}.dll");
    }

    private async Task<string> SubmitAsync(string master, string example, params string[] args)
    {
        var command = ExecutorCommandLine.Resolve(new KilnConf());
        var start = new ProcessStartInfo(command.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.LeadingArguments.Concat(["submit", "--master", master, "--conf", $"kiln.local.dir={_dir.File("local")}", Example(example)]).Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"kiln submit {example} on {master} exited with {process.ExitCode}: {await error}");
        return await output;
    }

    [Theory]
    [InlineData("Pi", new[] { "3" })]
    [InlineData("KMeans", new[] { "3", "4", "30000" })]
    public async Task An_example_prints_the_same_on_a_cluster_as_locally(string example, string[] args)
    {
        var local = await SubmitAsync("local[2]", example, args);
        var cluster = await SubmitAsync("local-cluster[2,1,512]", example, args);

        Assert.NotEmpty(local.Trim());
        Assert.Equal(local, cluster);
    }

    [Fact]
    public async Task Word_count_runs_its_lambdas_on_executors()
    {
        var text = _dir.File("words.txt");
        await File.WriteAllTextAsync(text, "the quick brown fox\njumps over the lazy dog\nThe End\n");

        var output = await SubmitAsync("local-cluster[2,1,512]", "WordCount", text, "--top", "2");

        Assert.Equal(["       3 the", "       1 brown"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_large_sort_writes_every_row_in_order()
    {
        var output = await SubmitAsync("local-cluster[2,1,512]", "LargeSort", "200000", _dir.File("sort"));

        Assert.StartsWith("sorted 200000 of 200000 rows into ", output, StringComparison.Ordinal);
        Assert.Contains("keys in order", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_without_an_application_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApp.RunAsync(["submit", "--master", "local[1]"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("submit needs the application", error.ToString(), StringComparison.Ordinal);
    }
}
