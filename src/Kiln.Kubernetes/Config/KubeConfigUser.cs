namespace Kiln.Kubernetes.Config;

/// <summary>A user (credentials) entry of a kubeconfig.</summary>
public sealed class KubeConfigUser
{
    public string? ClientCertificate { get; set; }

    public string? ClientCertificateData { get; set; }

    public string? ClientKey { get; set; }

    public string? ClientKeyData { get; set; }

    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public KubeConfigExec? Exec { get; set; }
}
