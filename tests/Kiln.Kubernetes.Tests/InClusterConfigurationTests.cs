using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kiln.Kubernetes.Config;

namespace Kiln.Kubernetes.Tests;

public sealed class InClusterConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-sa-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", null);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", null);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Reads_the_service_account_mount_and_picks_up_a_rotated_token()
    {
        using var key = RSA.Create(2048);
        using var ca = new CertificateRequest("CN=ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(_dir, "ca.crt"), ca.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_dir, "namespace"), "spark-jobs");
        await File.WriteAllTextAsync(Path.Combine(_dir, "token"), "first");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", "443");

        Assert.True(KubernetesClientConfiguration.IsInCluster(_dir));
        var config = KubernetesClientConfiguration.InCluster(_dir);
        Assert.Equal(new Uri("https://10.0.0.1:443"), config.Server);
        Assert.Equal("spark-jobs", config.Namespace);
        Assert.Equal(ca.Thumbprint, Assert.Single(config.CertificateAuthorities!).Thumbprint);
        Assert.Equal("first", await config.TokenSource!.GetTokenAsync(false, default));

        await File.WriteAllTextAsync(Path.Combine(_dir, "token"), "rotated");
        Assert.Equal("rotated", await config.TokenSource.GetTokenAsync(forceRefresh: true, default));
        Assert.IsType<FileTokenSource>(config.TokenSource);
    }

    [Fact]
    public void Outside_a_pod_in_cluster_configuration_explains_what_is_missing()
    {
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", null);
        Assert.False(KubernetesClientConfiguration.IsInCluster(_dir));
        var e = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.InCluster(_dir));
        Assert.Contains("KUBERNETES_SERVICE_HOST", e.Message, StringComparison.Ordinal);
    }
}
