using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kiln.Kubernetes.Config;

/// <summary>
/// Runs a kubeconfig exec credential plugin and uses the token it prints (an ExecCredential object). The token
/// is cached until its expirationTimestamp (or forever if it has none) and fetched again after a 401.
/// </summary>
public sealed class ExecCredentialTokenSource : BearerTokenSource, IDisposable
{
    private readonly KubeConfigExec _exec;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset? _expires;

    public ExecCredentialTokenSource(KubeConfigExec exec, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(exec);
        _exec = exec;
        _time = timeProvider ?? TimeProvider.System;
    }

    public void Dispose() => _gate.Dispose();

    public override async ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && _token is not null && (_expires is null || _expires > _time.GetUtcNow().AddSeconds(10)))
            {
                return _token;
            }

            (_token, _expires) = await RunAsync(cancellationToken).ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset? Expires)> RunAsync(CancellationToken cancellationToken)
    {
        var command = _exec.Command;
        if (command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(command) && _exec.BaseDirectory is not null)
        {
            command = Path.GetFullPath(Path.Combine(_exec.BaseDirectory, command));
        }

        var psi = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in _exec.Args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in _exec.Env)
        {
            psi.Environment[k] = v;
        }

        psi.Environment["KUBERNETES_EXEC_INFO"] = new JsonObject
        {
            ["apiVersion"] = _exec.ApiVersion,
            ["kind"] = "ExecCredential",
            ["spec"] = new JsonObject { ["interactive"] = false },
        }.ToJsonString();

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new KubeConfigException($"Exec credential plugin '{command}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KubeConfigException(
                $"Exec credential plugin '{command}' cannot be run: {e.Message}. {_exec.InstallHint}".TrimEnd(), e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new KubeConfigException(
                    $"Exec credential plugin '{command}' exited with code {process.ExitCode}: {errors.Trim()}");
            }

            return Parse(output, command);
        }
    }

    internal static (string Token, DateTimeOffset? Expires) Parse(string output, string command)
    {
        JsonNode? status;
        try
        {
            status = JsonNode.Parse(output)?["status"];
        }
        catch (JsonException e)
        {
            throw new KubeConfigException($"Exec credential plugin '{command}' printed no ExecCredential JSON: {e.Message}", e);
        }

        var token = status?["token"]?.GetValue<string>();
        if (string.IsNullOrEmpty(token))
        {
            throw new KubeConfigException(
                $"Exec credential plugin '{command}' returned no status.token (client certificates from plugins are not supported).");
        }

        var expires = status?["expirationTimestamp"]?.GetValue<string>();
        return (token, expires is null ? null : DateTimeOffset.Parse(expires, System.Globalization.CultureInfo.InvariantCulture));
    }
}
