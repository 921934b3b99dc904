using Kiln.Kubernetes.Config;

namespace Kiln.Kubernetes.Tests;

public sealed class TokenSourceTests
{
    [Fact]
    public async Task A_token_file_is_reread_after_the_refresh_interval_or_when_forced()
    {
        var file = Path.GetTempFileName();
        try
        {
            var time = new ManualTimeProvider();
            var source = new FileTokenSource(file, time) { RefreshInterval = TimeSpan.FromMinutes(1) };
            await File.WriteAllTextAsync(file, "one\n");
            Assert.Equal("one", await source.GetTokenAsync(false, default));

            await File.WriteAllTextAsync(file, "two");
            Assert.Equal("one", await source.GetTokenAsync(false, default));
            time.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal("two", await source.GetTokenAsync(false, default));

            await File.WriteAllTextAsync(file, "three");
            Assert.Equal("three", await source.GetTokenAsync(true, default));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_exec_credential_is_parsed_with_its_expiry()
    {
        var (token, expires) = ExecCredentialTokenSource.Parse(
            """{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"abc","expirationTimestamp":"2030-01-02T03:04:05Z"}}""",
            "plugin");
        Assert.Equal("abc", token);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), expires);
    }

    [Fact]
    public void An_exec_credential_without_a_token_is_an_error()
    {
        Assert.Throws<KubeConfigException>(() => ExecCredentialTokenSource.Parse("""{"status":{}}""", "plugin"));
        Assert.Throws<KubeConfigException>(() => ExecCredentialTokenSource.Parse("not json", "plugin"));
    }

    [Fact]
    public async Task An_exec_plugin_runs_with_its_args_and_env_and_is_cached()
    {
        using var source = new ExecCredentialTokenSource(new KubeConfigExec
        {
            Command = "/bin/sh",
            Args = { "-c", "echo \"{\\\"status\\\":{\\\"token\\\":\\\"$PREFIX-$(date +%N)\\\"}}\"" },
            Env = { ["PREFIX"] = "tok" },
        });
        var first = await source.GetTokenAsync(false, default);
        Assert.StartsWith("tok-", first, StringComparison.Ordinal);
        Assert.Equal(first, await source.GetTokenAsync(false, default));
        Assert.NotEqual(first, await source.GetTokenAsync(true, default));
    }

    [Fact]
    public async Task A_failing_exec_plugin_reports_its_exit_code_and_stderr()
    {
        using var source = new ExecCredentialTokenSource(new KubeConfigExec { Command = "/bin/sh", Args = { "-c", "echo denied >&2; exit 4" } });
        var e = await Assert.ThrowsAsync<KubeConfigException>(() => source.GetTokenAsync(false, default).AsTask());
        Assert.Contains("exited with code 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("denied", e.Message, StringComparison.Ordinal);
    }
}
