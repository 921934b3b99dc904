namespace Kiln.Kubernetes.Config;

/// <summary>An exec credential plugin: a command that prints an ExecCredential with a token.</summary>
public sealed class KubeConfigExec
{
    public string Command { get; set; } = "";

    public List<string> Args { get; } = [];

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public string ApiVersion { get; set; } = "client.authentication.k8s.io/v1beta1";

    public string? InstallHint { get; set; }

    /// <summary>The directory of the kubeconfig that declared the plugin; relative commands resolve against it.</summary>
    public string? BaseDirectory { get; set; }
}
