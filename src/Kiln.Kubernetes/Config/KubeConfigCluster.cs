namespace Kiln.Kubernetes.Config;

/// <summary>A cluster entry of a kubeconfig.</summary>
public sealed class KubeConfigCluster
{
    public string? Server { get; set; }

    public string? CertificateAuthority { get; set; }

    public string? CertificateAuthorityData { get; set; }

    public bool InsecureSkipTlsVerify { get; set; }

    public string? TlsServerName { get; set; }
}
