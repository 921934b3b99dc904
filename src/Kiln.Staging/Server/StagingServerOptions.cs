using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Staging.Server;

/// <summary>How a <see cref="StagingServer"/> listens, where it keeps bundles and for how long.</summary>
public sealed class StagingServerOptions
{
    /// <summary>The port of <c>kiln staging-server</c> when --port is not given.</summary>
    public const int DefaultPort = 10000;

    /// <summary>The directory bundles and their metadata are kept in (created if missing).</summary>
    public required string Directory { get; init; }

    /// <summary>The address to listen on; 0.0.0.0 for every IPv4 address.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The port to listen on; 0 picks a free one (see <see cref="StagingServer.Port"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The largest bundle accepted; a longer upload is answered 413.</summary>
    public long MaxUploadBytes { get; init; } = 1L << 30;

    /// <summary>How long a bundle is kept after its upload, unless deleted before.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often expired bundles are removed from disk (an expired bundle is refused at once regardless).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A PEM certificate (chain) file; with <see cref="TlsKeyFile"/>, the server speaks HTTPS only.</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>The clock of expiry (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the server's own log lines go (uploads, downloads, deletions, expiries, refusals; never secrets).</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Called after each background sweep with the number of bundles it removed (tests wait on it).</summary>
    internal Action<int>? AfterSweep { get; init; }
}
