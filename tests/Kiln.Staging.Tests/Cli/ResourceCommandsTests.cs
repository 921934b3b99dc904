using Kiln.Cli;
using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Cli;

/// <summary><c>kiln stage-resources</c> and <c>kiln fetch-resources</c> through the command line's own entry point, against a real server.</summary>
public sealed class ResourceCommandsTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Staged_files_are_fetched_with_the_secret_from_a_file()
    {
        await using var server = await TestServers.StartAsync(_dir.Sub("store"));
        var app = _dir.Sub("app");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "App.dll"), "not really a dll");
        var secretFile = _dir.Sub("secret");

        var (code, output, error) = await Run("stage-resources", "--uri", server.Url.ToString(), "--dir", app, "--app-id", "cli-app", "--secret-out", secretFile);
        Assert.True(code == 0, error);
        var id = output.Split(' ')[2];
        Assert.True(ResourceCredentials.IsPlainId(id), output);
        var secret = await File.ReadAllTextAsync(secretFile);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));

        // A mounted Kubernetes Secret file may end in a newline.
        await File.WriteAllTextAsync(secretFile, secret + "\n");
        var into = _dir.Sub("work");
        (code, output, error) = await Run("fetch-resources", "--uri", server.Url.ToString(), "--id", id, "--secret-file", secretFile, "--into", into);
        Assert.True(code == 0, error);
        Assert.Contains($"fetched resource {id}", output, StringComparison.Ordinal);
        Assert.Equal("not really a dll", await File.ReadAllTextAsync(Path.Combine(into, "App.dll")));
    }

    [Fact]
    public async Task A_wrong_secret_exits_1_naming_the_server_and_a_bad_id_exits_2()
    {
        await using var server = await TestServers.StartAsync(_dir.Sub("store"));
        var secretFile = _dir.Sub("secret");
        await File.WriteAllTextAsync(secretFile, ResourceCredentials.NewSecret());
        var (code, _, error) = await Run("fetch-resources", "--uri", server.Url.ToString(), "--id", ResourceCredentials.NewId(), "--secret-file", secretFile, "--into", _dir.Sub("work"));
        Assert.Equal(1, code);
        Assert.Contains($"on the staging server at {server.Url} (404)", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Sub("work")));

        (code, _, error) = await Run("fetch-resources", "--uri", server.Url.ToString(), "--id", "../x", "--secret-file", secretFile, "--into", _dir.Sub("work"));
        Assert.Equal(2, code);
        Assert.Contains("--id takes a resource id", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_staging_server_command_refuses_bad_options()
    {
        var (code, _, error) = await Run("staging-server", "--dir", _dir.Path, "--ttl", "soon");
        Assert.Equal(2, code);
        Assert.Contains("--ttl takes a duration", error, StringComparison.Ordinal);
        (code, _, error) = await Run("staging-server");
        Assert.Equal(2, code);
        Assert.Contains("needs --dir", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
