using Kiln.Staging.Client;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln stage-resources --uri U [--dir D] [--files a,b,...] [--app-id A] --secret-out F [--ca-cert F]</c>: bundles a
/// directory and files and uploads them to a staging server by hand (what <c>kiln submit</c> does in cluster mode).
/// Prints the resource id; the secret goes only to the file F (created readable by its owner alone), never to
/// the terminal.
/// </summary>
public static class StageResourcesCommand
{
    public static async Task<int> RunAsync(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--uri", "--dir", "--files", "--app-id", "--secret-out", "--ca-cert");
        var uriText = cli.Option("--uri") ?? throw new CliUsageException("stage-resources needs --uri (the staging server)");
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"--uri takes the staging server's http:// or https:// URI, but got '{uriText}'");
        }

        var secretOut = cli.Option("--secret-out") ?? throw new CliUsageException("stage-resources needs --secret-out FILE (the secret is written there, not printed)");
        var files = cli.Options("--files").SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var dir = cli.Option("--dir");
        if (dir is null && files.Count == 0)
        {
            throw new CliUsageException("stage-resources needs --dir DIR, --files a,b,... or both");
        }

        using var stop = new StopSignals();
        using var client = new StagingClient(uri, new StagingClientOptions { CaCertificateFile = cli.Option("--ca-cert") });
        var staged = await client.UploadAsync(dir, files, cli.Option("--app-id"), stop.Token).ConfigureAwait(false);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var writer = new StreamWriter(secretOut, options);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(staged.ResourceSecret).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"staged resource {staged.ResourceId} on {uri} (secret in {Path.GetFullPath(secretOut)})").ConfigureAwait(false);
        return 0;
    }
}
