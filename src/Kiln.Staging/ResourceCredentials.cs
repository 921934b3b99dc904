using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Kiln.Staging;

/// <summary>
/// Resource ids and secrets of the staging server. An id is 32 lowercase hex digits (128 random bits), so it is safe
/// as a file name and anything else is refused before touching the disk. A secret is 256 random bits, base64url;
/// the server keeps only its SHA-256 hash and compares hashes in constant time.
/// </summary>
public static partial class ResourceCredentials
{
    /// <summary>Generates a new random resource id.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Generates a new random secret (256 bits, base64url without padding).</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>True when <paramref name="id"/> has the exact form of a resource id (nothing that could name a path).</summary>
    public static bool IsPlainId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>True for an application id the server records: letters, digits, '.', '_' and '-', 1 to 128 of them.</summary>
    public static bool IsPlainAppId(string? appId) => appId is not null && AppIdPattern().IsMatch(appId);

    /// <summary>The SHA-256 hash of a secret as stored on disk (hex).</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>Whether <paramref name="presented"/> hashes to <paramref name="storedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string presented, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(storedHash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHash.Length != 2 * SHA256.HashSizeInBytes
            || Convert.FromHexString(storedHash, expected, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != expected.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"^[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AppIdPattern();
}
