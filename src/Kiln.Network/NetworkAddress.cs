using System.Globalization;

namespace Kiln.Network;

/// <summary>A host and TCP port, written <c>host:port</c> (<c>[v6addr]:port</c> for IPv6 literals).</summary>
public readonly record struct NetworkAddress(string Host, int Port)
{
    public static NetworkAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"'{text}' is not an address; use host:port");
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return new NetworkAddress(host, port);
    }

    public override string ToString() => Host is not null && Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
