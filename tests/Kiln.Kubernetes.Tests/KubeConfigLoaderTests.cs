using Kiln.Kubernetes.Config;

namespace Kiln.Kubernetes.Tests;

public sealed class KubeConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-kubeconfig-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string yaml)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string First = """
        apiVersion: v1
        kind: Config
        current-context: one
        clusters:
        - name: shared
          cluster:
            server: https://first:6443
            certificate-authority: certs/ca.crt
        users:
        - name: alice
          user:
            token: first-token
        contexts:
        - name: one
          context: {cluster: shared, user: alice, namespace: team-a}
        """;

    private const string Second = """
        apiVersion: v1
        kind: Config
        current-context: two
        clusters:
        - name: shared
          cluster:
            server: https://second:6443
        - name: other
          cluster:
            server: https://other:6443
            insecure-skip-tls-verify: true
        users:
        - name: bob
          user:
            tokenFile: bob.token
            exec:
              command: ./get-token
              args: [--cluster, other]
              env:
              - name: MODE
                value: ci
        contexts:
        - name: two
          context: {cluster: other, user: bob}
        """;

    [Fact]
    public void Merges_files_with_the_first_file_winning_for_each_name_and_for_current_context()
    {
        var a = Write("a/config", First);
        var b = Write("b/config", Second);
        var config = KubeConfigLoader.Load([a, b]);

        Assert.Equal("one", config.CurrentContext);
        Assert.Equal("https://first:6443", config.Clusters["shared"].Server);
        Assert.Equal("https://other:6443", config.Clusters["other"].Server);
        Assert.True(config.Clusters["other"].InsecureSkipTlsVerify);
        Assert.Equal(["one", "two"], config.Contexts.Keys.Order());
        Assert.Equal(["alice", "bob"], config.Users.Keys.Order());
    }

    [Fact]
    public void Later_files_win_when_earlier_ones_do_not_set_the_value()
    {
        var b = Write("b/config", Second);
        var a = Write("a/config", First);
        var config = KubeConfigLoader.Load([b, a]);
        Assert.Equal("two", config.CurrentContext);
        Assert.Equal("https://second:6443", config.Clusters["shared"].Server);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_file_that_declares_them()
    {
        var a = Write("a/config", First);
        var b = Write("b/config", Second);
        var config = KubeConfigLoader.Load([a, b]);

        Assert.Equal(Path.Combine(_dir, "a", "certs", "ca.crt"), config.Clusters["shared"].CertificateAuthority);
        Assert.Equal(Path.Combine(_dir, "b", "bob.token"), config.Users["bob"].TokenFile);
        var exec = config.Users["bob"].Exec!;
        Assert.Equal("./get-token", exec.Command);
        Assert.Equal(Path.Combine(_dir, "b"), exec.BaseDirectory);
        Assert.Equal(["--cluster", "other"], exec.Args);
        Assert.Equal("ci", exec.Env["MODE"]);
    }

    [Fact]
    public void Missing_files_are_skipped_but_at_least_one_must_exist()
    {
        var a = Write("a/config", First);
        var config = KubeConfigLoader.Load([Path.Combine(_dir, "missing"), a]);
        Assert.Equal("one", config.CurrentContext);

        var e = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Load([Path.Combine(_dir, "missing")]));
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KUBECONFIG_lists_files_with_the_path_separator_and_defaults_to_home()
    {
        Assert.Equal(["/x/a", "/y/b"], KubeConfigLoader.DefaultPaths($"/x/a{Path.PathSeparator}{Path.PathSeparator}/y/b", "/home/u"));
        Assert.Equal([Path.Combine("/home/u", ".kube", "config")], KubeConfigLoader.DefaultPaths(null, "/home/u"));
        Assert.Equal([Path.Combine("/home/u", ".kube", "config")], KubeConfigLoader.DefaultPaths("", "/home/u"));
    }

    [Fact]
    public void Invalid_yaml_and_nameless_entries_are_config_errors()
    {
        Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Parse("clusters: [unclosed", _dir));
        Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Parse("clusters:\n- cluster: {server: https://x}\n", _dir));
    }
}
