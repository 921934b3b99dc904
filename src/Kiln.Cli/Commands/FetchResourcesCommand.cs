using Kiln.Staging;
using Kiln.Staging.Client;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln fetch-resources --uri U --id I --secret-file F --into D [--ca-cert F]</c>: what a driver or executor pod
/// runs at start (an init container, or the entrypoint before the real command) to get the files <c>kiln submit</c>
/// staged. The secret is read from a file, a Kubernetes Secret mounted as a volume, so that it is never on a command
/// line or in the pod spec. Prints one line with what was fetched; exits 1 with the server's URI and the cause otherwise.
/// </summary>
public static class FetchResourcesCommand
{
    public static async Task<int> RunAsync(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--uri", "--id", "--secret-file", "--into", "--ca-cert");
        var uriText = Required(cli, "--uri");
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"--uri takes the staging server's http:// or https:// URI, but got '{uriText}'");
        }

        var id = Required(cli, "--id");
        if (!ResourceCredentials.IsPlainId(id))
        {
            throw new CliUsageException($"--id takes a resource id (32 hex digits), but got '{id}'");
        }

        var secretFile = Required(cli, "--secret-file");
        var secret = (await File.ReadAllTextAsync(secretFile).ConfigureAwait(false)).Trim();
        if (secret.Length == 0)
        {
            throw new CliUsageException($"the secret file {secretFile} is empty");
        }

        var into = Path.GetFullPath(Required(cli, "--into"));
        using var stop = new StopSignals();
        using var client = new StagingClient(uri, new StagingClientOptions { CaCertificateFile = cli.Option("--ca-cert") });
        var files = await client.DownloadAndExtractAsync(id, secret, into, stop.Token).ConfigureAwait(false);
        await output.WriteLineAsync($"fetched resource {id} from {uri}: {files} files into {into}").ConfigureAwait(false);
        return 0;
    }

    private static string Required(CliArgs cli, string name) =>
        cli.Option(name) ?? throw new CliUsageException($"fetch-resources needs {name}");
}
