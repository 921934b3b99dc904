using Kiln.Common.Config;
using Kiln.Network.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Network;

/// <summary>Settings shared by every connection a process makes or accepts: secret, TLS, limits, logging, time.</summary>
public sealed record NetworkOptions
{
    /// <summary>Kiln's network protocol version, sent in every connection's preamble; peers of another version are refused.</summary>
    public const ushort CurrentProtocolVersion = 1;

    public required NetworkSecret Secret { get; init; }

    /// <summary>Null: plain TCP.</summary>
    public TlsSettings? Tls { get; init; }

    /// <summary>Limit for TCP connect plus TLS and authentication handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Default limit for an RPC call's answer.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest frame payload accepted after the handshake.</summary>
    public int MaxMessageSize { get; init; } = 128 << 20;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The version this process announces; differs from <see cref="CurrentProtocolVersion"/> only in tests.</summary>
    internal ushort ProtocolVersion { get; init; } = CurrentProtocolVersion;

    /// <summary>
    /// Reads <c>kiln.network.*</c>, <c>kiln.rpc.*</c> and the TLS files. The secret comes from
    /// <c>kiln.authenticate.secret</c> unless <paramref name="secret"/> is given (the driver passes its generated one).
    /// </summary>
    /// <exception cref="ArgumentException">No secret is configured or given, or TLS is on without certificate files.</exception>
    public static NetworkOptions FromConf(KilnConf conf, NetworkSecret? secret = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var configured = conf.Get(ConfigKeys.AuthSecret);
        secret ??= configured.Length > 0
            ? NetworkSecret.FromText(configured)
            : throw new ArgumentException("no application secret: set kiln.authenticate.secret (executors get the driver's secret when it starts them)", nameof(conf));
        TlsSettings? tls = null;
        if (conf.Get(ConfigKeys.TlsEnabled))
        {
            var cert = conf.Get(ConfigKeys.TlsCertFile);
            var key = conf.Get(ConfigKeys.TlsKeyFile);
            if (cert.Length == 0 || key.Length == 0)
            {
                throw new ArgumentException("kiln.network.tls.enabled is true but kiln.network.tls.certFile or kiln.network.tls.keyFile is not set", nameof(conf));
            }

            tls = TlsSettings.FromPemFiles(cert, key, conf.Get(ConfigKeys.TlsTrustFile));
        }

        return new NetworkOptions
        {
            Secret = secret,
            Tls = tls,
            ConnectTimeout = conf.Get(ConfigKeys.NetworkTimeout),
            AskTimeout = conf.Get(ConfigKeys.RpcAskTimeout),
            MaxMessageSize = (int)conf.Get(ConfigKeys.RpcMaxMessageSize),
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        };
    }
}
