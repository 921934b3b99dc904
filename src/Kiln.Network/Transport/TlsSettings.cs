using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kiln.Network.Transport;

/// <summary>
/// TLS for Kiln connections (<c>kiln.network.tls.*</c>). Servers present <see cref="Certificate"/>; clients accept
/// a server whose certificate is one of <see cref="Trusted"/> (pinning, the usual case: one certificate per
/// application, shared by driver and executors) or is issued by one of them (a CA). Host names are not
/// checked: executors move between hosts, and the application secret authenticates both ends anyway.
/// </summary>
/// <remarks>Immutable once built; safe to share between connections.</remarks>
public sealed class TlsSettings
{
    public TlsSettings(X509Certificate2? certificate, X509Certificate2Collection trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        if (certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"the TLS certificate {certificate.Subject} has no private key (kiln.network.tls.keyFile)", nameof(certificate));
        }

        if (trusted.Count == 0)
        {
            throw new ArgumentException("TLS needs at least one trusted certificate (kiln.network.tls.trustFile)", nameof(trusted));
        }

        Certificate = certificate;
        Trusted = trusted;
    }

    /// <summary>The certificate with private key this process serves with; null for a process that only connects.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Pinned certificates or CAs a server certificate must match or chain to.</summary>
    public X509Certificate2Collection Trusted { get; }

    /// <summary>Loads PEM files: certificate, its private key, and the certificates to trust (the certificate itself when null).</summary>
    public static TlsSettings FromPemFiles(string certFile, string keyFile, string? trustFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(certFile);
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(string.IsNullOrEmpty(trustFile) ? certFile : trustFile);
        return new TlsSettings(certificate, trusted);
    }

    /// <summary>A self-signed certificate with an ECDSA P-256 key, as a driver may generate per application (and tests do).</summary>
    public static X509Certificate2 CreateSelfSigned(string subject, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(validity));
    }

    /// <summary>Writes a certificate and its private key as PEM files (for handing a generated certificate to executors).</summary>
    public static void WritePemFiles(X509Certificate2 certificate, string certFile, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        var key = certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("the certificate has no ECDSA or RSA private key", nameof(certificate));
        using (key)
        {
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    internal bool ValidateServer(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        var raw = certificate.GetRawCertData();
        foreach (var trusted in Trusted)
        {
            if (raw.AsSpan().SequenceEqual(trusted.RawData))
            {
                return true;
            }
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (certificate is X509Certificate2 presented)
        {
            return chain.Build(presented);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(raw);
        return chain.Build(loaded);
    }
}
