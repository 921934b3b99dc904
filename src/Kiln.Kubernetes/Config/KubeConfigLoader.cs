using YamlDotNet.RepresentationModel;

namespace Kiln.Kubernetes.Config;

/// <summary>
/// Reads kubeconfig files the way kubectl does: KUBECONFIG may list several files (':' separated on Unix);
/// missing files are skipped; for every cluster, user and context name and for current-context, the first
/// file that sets it wins. Relative paths resolve against the directory of the file that holds them.
/// </summary>
public static class KubeConfigLoader
{
    /// <summary>The files kubectl would read: those in KUBECONFIG, else ~/.kube/config.</summary>
    public static IReadOnlyList<string> DefaultPaths(string? kubeconfigVariable, string homeDirectory)
    {
        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            return kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        }

        return [Path.Combine(homeDirectory, ".kube", "config")];
    }

    /// <summary>Loads the kubeconfig kubectl would use in this process's environment.</summary>
    public static KubeConfig LoadDefault() =>
        Load(DefaultPaths(
            Environment.GetEnvironmentVariable("KUBECONFIG"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    /// <summary>Loads and merges the given files; missing files are skipped, but at least one must exist.</summary>
    public static KubeConfig Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var config = new KubeConfig();
        var any = false;
        var tried = new List<string>();
        foreach (var path in paths)
        {
            tried.Add(path);
            if (!File.Exists(path))
            {
                continue;
            }

            any = true;
            var full = Path.GetFullPath(path);
            MergeInto(config, File.ReadAllText(full), Path.GetDirectoryName(full)!, full);
        }

        if (!any)
        {
            throw new KubeConfigException(
                $"No kubeconfig file found (looked at: {string.Join(", ", tried)}). Set KUBECONFIG or create ~/.kube/config.");
        }

        return config;
    }

    /// <summary>Parses one kubeconfig document; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static KubeConfig Parse(string yaml, string baseDirectory)
    {
        var config = new KubeConfig();
        MergeInto(config, yaml, baseDirectory, "(text)");
        return config;
    }

    private static void MergeInto(KubeConfig config, string yaml, string baseDirectory, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new KubeConfigException($"Kubeconfig {source} is not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return;
        }

        config.CurrentContext ??= NullIfEmpty(Scalar(root, "current-context"));
        foreach (var (name, body) in NamedEntries(root, "clusters", "cluster", source))
        {
            if (!config.Clusters.ContainsKey(name))
            {
                config.Clusters[name] = ReadCluster(body, baseDirectory);
            }
        }

        foreach (var (name, body) in NamedEntries(root, "users", "user", source))
        {
            if (!config.Users.ContainsKey(name))
            {
                config.Users[name] = ReadUser(body, baseDirectory);
            }
        }

        foreach (var (name, body) in NamedEntries(root, "contexts", "context", source))
        {
            if (!config.Contexts.ContainsKey(name))
            {
                config.Contexts[name] = new KubeConfigContext
                {
                    Cluster = Scalar(body, "cluster"),
                    User = Scalar(body, "user"),
                    Namespace = NullIfEmpty(Scalar(body, "namespace")),
                };
            }
        }
    }

    private static KubeConfigCluster ReadCluster(YamlMappingNode body, string baseDirectory) => new()
    {
        Server = Scalar(body, "server"),
        CertificateAuthority = ResolvePath(Scalar(body, "certificate-authority"), baseDirectory),
        CertificateAuthorityData = NullIfEmpty(Scalar(body, "certificate-authority-data")),
        InsecureSkipTlsVerify = string.Equals(Scalar(body, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
        TlsServerName = NullIfEmpty(Scalar(body, "tls-server-name")),
    };

    private static KubeConfigUser ReadUser(YamlMappingNode body, string baseDirectory)
    {
        var user = new KubeConfigUser
        {
            ClientCertificate = ResolvePath(Scalar(body, "client-certificate"), baseDirectory),
            ClientCertificateData = NullIfEmpty(Scalar(body, "client-certificate-data")),
            ClientKey = ResolvePath(Scalar(body, "client-key"), baseDirectory),
            ClientKeyData = NullIfEmpty(Scalar(body, "client-key-data")),
            Token = NullIfEmpty(Scalar(body, "token")),
            TokenFile = ResolvePath(Scalar(body, "tokenFile"), baseDirectory),
            Username = NullIfEmpty(Scalar(body, "username")),
            Password = NullIfEmpty(Scalar(body, "password")),
        };
        if (Child(body, "exec") is YamlMappingNode exec)
        {
            var e = new KubeConfigExec
            {
                Command = Scalar(exec, "command") ?? "",
                ApiVersion = Scalar(exec, "apiVersion") ?? "client.authentication.k8s.io/v1beta1",
                InstallHint = Scalar(exec, "installHint"),
                BaseDirectory = baseDirectory,
            };
            if (Child(exec, "args") is YamlSequenceNode args)
            {
                e.Args.AddRange(args.OfType<YamlScalarNode>().Select(a => a.Value ?? ""));
            }

            if (Child(exec, "env") is YamlSequenceNode env)
            {
                foreach (var item in env.OfType<YamlMappingNode>())
                {
                    e.Env[Scalar(item, "name") ?? ""] = Scalar(item, "value") ?? "";
                }
            }

            user.Exec = e;
        }

        return user;
    }

    private static IEnumerable<(string Name, YamlMappingNode Body)> NamedEntries(
        YamlMappingNode root, string listKey, string bodyKey, string source)
    {
        if (Child(root, listKey) is not YamlSequenceNode list)
        {
            yield break;
        }

        foreach (var item in list.OfType<YamlMappingNode>())
        {
            var name = Scalar(item, "name");
            if (string.IsNullOrEmpty(name))
            {
                throw new KubeConfigException($"Kubeconfig {source}: an entry of '{listKey}' has no name.");
            }

            yield return (name, Child(item, bodyKey) as YamlMappingNode ?? new YamlMappingNode());
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? ResolvePath(string? path, string baseDirectory) =>
        string.IsNullOrEmpty(path) ? null : Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
}
