namespace Kiln.Staging.Client;

/// <summary>How a <see cref="StagingClient"/> connects: the certificate to trust for HTTPS and how long to wait.</summary>
public sealed class StagingClientOptions
{
    /// <summary>
    /// A PEM file of certificates to trust as roots for an https:// server (its own self-signed certificate or its
    /// CA), in place of the system's trust store; the server's name must still match. Null: the system's store.
    /// </summary>
    public string? CaCertificateFile { get; init; }

    /// <summary>How long one request (upload or download) may take in all.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
