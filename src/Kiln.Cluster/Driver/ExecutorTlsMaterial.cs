using Kiln.Common.Config;

namespace Kiln.Cluster.Driver;

/// <summary>The application's TLS files as bytes (PEM), for launchers that place them beside a starting executor.</summary>
public sealed record ExecutorTlsMaterial(byte[] Certificate, byte[] Key, byte[] Trust)
{
    /// <summary>Reads the files named by <c>kiln.network.tls.*</c>; null when TLS is off.</summary>
    public static ExecutorTlsMaterial? FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        if (!conf.Get(ConfigKeys.TlsEnabled))
        {
            return null;
        }

        var cert = conf.Get(ConfigKeys.TlsCertFile);
        var trust = conf.Get(ConfigKeys.TlsTrustFile);
        return new ExecutorTlsMaterial(File.ReadAllBytes(cert), File.ReadAllBytes(conf.Get(ConfigKeys.TlsKeyFile)), File.ReadAllBytes(trust.Length > 0 ? trust : cert));
    }

    /// <summary>Writes the files into <paramref name="directory"/> and returns the settings that point the executor at them.</summary>
    public IReadOnlyDictionary<string, string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ConfigKeys.TlsCertFile.Key] = Path.Combine(directory, "tls.crt"),
            [ConfigKeys.TlsKeyFile.Key] = Path.Combine(directory, "tls.key"),
            [ConfigKeys.TlsTrustFile.Key] = Path.Combine(directory, "trust.crt"),
        };
        File.WriteAllBytes(files[ConfigKeys.TlsCertFile.Key], Certificate);
        File.WriteAllBytes(files[ConfigKeys.TlsKeyFile.Key], Key);
        File.WriteAllBytes(files[ConfigKeys.TlsTrustFile.Key], Trust);
        return files;
    }

    /// <summary>The keys naming TLS files, which never travel in <see cref="ExecutorLaunchSpec.Conf"/>.</summary>
    public static bool IsFileKey(string key) =>
        key == ConfigKeys.TlsCertFile.Key || key == ConfigKeys.TlsKeyFile.Key || key == ConfigKeys.TlsTrustFile.Key;
}
