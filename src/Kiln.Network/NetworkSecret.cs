using System.Security.Cryptography;
using System.Text;

namespace Kiln.Network;

/// <summary>
/// The per-application secret every connection is authenticated with (<c>kiln.authenticate.secret</c>). It is
/// never sent: each side proves it knows the secret with an HMAC-SHA256 over both sides' random challenges
/// (see <see cref="Transport.Handshake"/>). The driver generates one per application and hands it to its
/// executors out of band (environment variable, Kubernetes secret).
/// </summary>
/// <remarks>Immutable and thread-safe. <see cref="ToString"/> never reveals the value.</remarks>
public sealed class NetworkSecret
{
    /// <summary>Shorter secrets are refused: they could be guessed offline from one recorded handshake.</summary>
    public const int MinLength = 16;

    private readonly byte[] _key;

    private NetworkSecret(string text)
    {
        Text = text;
        _key = Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The secret as configured, for handing to executors. Keep it out of logs.</summary>
    public string Text { get; }

    /// <summary>A new random secret (256 bits, base64).</summary>
    public static NetworkSecret Generate() => new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <exception cref="ArgumentException">The text is shorter than <see cref="MinLength"/> characters.</exception>
    public static NetworkSecret FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < MinLength)
        {
            throw new ArgumentException($"the application secret must be at least {MinLength} characters long (kiln.authenticate.secret)", nameof(text));
        }

        return new NetworkSecret(text);
    }

    /// <summary>HMAC-SHA256 keyed by the secret over <paramref name="label"/> and both challenges.</summary>
    internal byte[] Prove(string label, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce)
    {
        var labelBytes = Encoding.ASCII.GetBytes(label);
        var message = new byte[labelBytes.Length + clientNonce.Length + serverNonce.Length];
        labelBytes.CopyTo(message, 0);
        clientNonce.CopyTo(message.AsSpan(labelBytes.Length));
        serverNonce.CopyTo(message.AsSpan(labelBytes.Length + clientNonce.Length));
        return HMACSHA256.HashData(_key, message);
    }

    public override string ToString() => "NetworkSecret(hidden)";
}
