using System.Text;
using k8s;
using k8s.Models;
using Kiln.Kubernetes;

namespace Kiln.TestCluster;

/// <summary>Resolves a container's environment (literal values, fieldRef, configMapKeyRef, secretKeyRef) and argv.</summary>
internal sealed class PodEnvironment(IKubernetes client, AgentOptions options)
{
    private readonly ImageMap _images = new(options);

    public async Task<Dictionary<string, string>> ResolveAsync(V1Pod pod, V1Container container, string podIP, string hostIP, CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in new[] { "PATH", "HOME", "LANG", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(key) is { } v)
            {
                env[key] = v;
            }
        }

        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && k.StartsWith("DOTNET_", StringComparison.Ordinal) && e.Value is string v)
            {
                env[k] = v;
            }
        }

        env["HOSTNAME"] = pod.Metadata.Name ?? "";
        env["KUBERNETES_SERVICE_HOST"] = "127.0.0.1";
        env["KUBERNETES_SERVICE_PORT"] = options.ApiServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["KUBERNETES_SERVICE_PORT_HTTPS"] = env["KUBERNETES_SERVICE_PORT"];
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in container.Env ?? [])
        {
            var name = e.Name ?? "";
            string? value = e.Value is { } literal ? VariableExpansion.Expand(literal, n => defined.GetValueOrDefault(n)) : null;
            if (e.ValueFrom is { } from)
            {
                value = await FromSourceAsync(pod, from, podIP, hostIP, cancellationToken).ConfigureAwait(false);
            }

            if (value is not null)
            {
                defined[name] = value;
            }
        }

        foreach (var (k, v) in defined)
        {
            env[k] = v;
        }

        return env;
    }

    /// <summary>
    /// command ++ args with $(VAR) expanded and local:// resolved against the image's directory; without a command, the
    /// image's entrypoint (--entrypoints) runs the args.
    /// </summary>
    public List<string> Argv(V1Container container, IReadOnlyDictionary<string, string> env)
    {
        var argv = new List<string>();
        if (container.Command is { Count: > 0 } command)
        {
            argv.AddRange(command);
        }
        else if (container.Image is { } image && options.Entrypoints.TryGetValue(image, out var entrypoint))
        {
            argv.Add(entrypoint);
        }

        argv.AddRange(container.Args ?? []);
        var imageDir = ImageDirectory(container);
        return argv.Select(a => ResolveLocal(VariableExpansion.Expand(a, n => env.GetValueOrDefault(n)), imageDir)).ToList();
    }

    public string? ImageDirectory(V1Container container) => _images.Resolve(container.Image);

    private static string ResolveLocal(string arg, string? imageDir)
    {
        if (!arg.Contains("local://", StringComparison.Ordinal))
        {
            return arg;
        }

        var sb = new StringBuilder();
        var rest = arg;
        int at;
        while ((at = rest.IndexOf("local://", StringComparison.Ordinal)) >= 0)
        {
            sb.Append(rest, 0, at).Append(imageDir ?? "");
            rest = rest[(at + "local://".Length)..];
        }

        return sb.Append(rest).ToString();
    }

    private static T? Lookup<T>(IDictionary<string, T>? map, string key)
        where T : class =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static string? MapKey(string path, string map) =>
        path.StartsWith(map + "['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
            ? path.Substring(map.Length + 2, path.Length - map.Length - 4)
            : null;

    private async Task<string?> FromSourceAsync(V1Pod pod, V1EnvVarSource from, string podIP, string hostIP, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        if (from.FieldRef is { } field)
        {
            return field.FieldPath switch
            {
                "metadata.name" => pod.Metadata.Name,
                "metadata.namespace" => ns,
                "metadata.uid" => pod.Metadata.Uid,
                "spec.nodeName" => pod.Spec?.NodeName,
                "spec.serviceAccountName" => pod.Spec?.ServiceAccountName,
                "status.podIP" => podIP,
                "status.hostIP" => hostIP,
                { } p when MapKey(p, "metadata.labels") is { } label => Lookup(pod.Metadata.Labels, label),
                { } p when MapKey(p, "metadata.annotations") is { } annotation => Lookup(pod.Metadata.Annotations, annotation),
                _ => throw new PodSetupException("CreateContainerConfigError", $"unsupported fieldRef {field.FieldPath}"),
            };
        }

        if (from.ConfigMapKeyRef is { } cmRef)
        {
            var cm = await client.TryReadConfigMapAsync(ns, cmRef.Name ?? "", cancellationToken).ConfigureAwait(false);
            var value = Lookup(cm?.Data, cmRef.Key ?? "");
            return value ?? (cmRef.Optional == true ? null
                : throw new PodSetupException("CreateContainerConfigError", $"configmap {cmRef.Name} key {cmRef.Key} not found"));
        }

        if (from.SecretKeyRef is { } secretRef)
        {
            var secret = await client.TryReadSecretAsync(ns, secretRef.Name ?? "", cancellationToken).ConfigureAwait(false);
            var value = Lookup(secret?.Data, secretRef.Key ?? "");
            return value is not null ? Encoding.UTF8.GetString(value) : secretRef.Optional == true ? null
                : throw new PodSetupException("CreateContainerConfigError", $"secret {secretRef.Name} key {secretRef.Key} not found");
        }

        return null;
    }
}
