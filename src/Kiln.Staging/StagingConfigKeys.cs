using Kiln.Common.Config;

[assembly: ConfigModule(typeof(Kiln.Staging.StagingConfigKeys))]

namespace Kiln.Staging;

/// <summary>
/// The configuration keys of the resource staging server's clients: where <c>kiln submit</c> uploads the
/// application's files, and which certificate authority to trust when the server speaks TLS with its own certificate.
/// </summary>
public static class StagingConfigKeys
{
    private const string Since = "0.4.0";

    public static readonly TypedConfigEntry<string> ServerUri = new(
        "kiln.kubernetes.stagingServer.uri",
        "The resource staging server (http:// or https://HOST:PORT) that kiln submit in cluster mode uploads the application's directory and --files to; the driver and executor pods fetch them at start with the bundle's secret. Empty: no staging.",
        () => string.Empty,
        "(none)",
        s => s.Trim(),
        "an http:// or https:// URI",
        ValidUri,
        Since,
        "spark.kubernetes.resourceStagingServer.uri");

    public static readonly TypedConfigEntry<string> CaCertFile = new(
        "kiln.kubernetes.stagingServer.caCertFile",
        "A PEM file of the certificate (or certificate authority) to trust for an https:// staging server whose certificate the system does not trust. Empty: the system's trust store.",
        () => string.Empty,
        "(none)",
        s => s.Trim(),
        "a file path",
        since: Since);

    public static readonly TypedConfigEntry<string> InternalUri = new(
        "kiln.kubernetes.stagingServer.internalUri",
        "The staging server's URI as the driver and executor pods reach it, when it differs from kiln.kubernetes.stagingServer.uri (the submitter's way in, e.g. through kubectl port-forward or an ingress). Empty: the same URI.",
        () => string.Empty,
        "(kiln.kubernetes.stagingServer.uri)",
        s => s.Trim(),
        "an http:// or https:// URI",
        ValidUri,
        Since,
        "spark.kubernetes.resourceStagingServer.internal.uri");

    /// <summary>Set by <c>kiln submit</c> for the driver: the Secret holding the staged bundle's id and secret, which executor pods fetch with.</summary>
    public static readonly TypedConfigEntry<string> BundleSecretName = new(
        "kiln.kubernetes.stagingServer.bundleSecretName",
        "Set by kiln submit in cluster mode, not by users: the Kubernetes Secret (owned by the driver pod) holding the staged bundle's resource id and secret; executor pods mount it to fetch the same bundle.",
        () => string.Empty,
        "(set by kiln submit)",
        s => s.Trim(),
        "a Secret name",
        since: Since);

    public static IReadOnlyList<ConfigEntry> All { get; } = [ServerUri, InternalUri, CaCertFile, BundleSecretName];

    /// <summary>The URI pods fetch from: the internal URI when set, else the submitter's.</summary>
    public static string PodUri(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return conf.Get(InternalUri) is { Length: > 0 } inside ? inside : conf.Get(ServerUri);
    }

    private static string? ValidUri(string text) =>
        text.Length == 0 || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            ? null
            : "must be an absolute http:// or https:// URI, such as http://kiln-staging.kiln.svc:10000";
}
