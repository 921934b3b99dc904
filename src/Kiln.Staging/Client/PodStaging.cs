namespace Kiln.Staging.Client;

/// <summary>
/// How a driver or executor pod finds the bundle <c>kiln submit</c> staged for it, and fetches it before it starts.
/// The pod spec carries the server's URI and the resource id in environment variables and the resource secret in a
/// file of a mounted Kubernetes Secret (never in the spec, a label or a command line):
/// <code>
///   KILN_STAGING_URI          http://kiln-staging.kiln.svc:10000
///   KILN_STAGING_RESOURCE_ID  from the Secret's key resourceId
///   KILN_STAGING_SECRET_FILE  /opt/kiln/staging-secret/resourceSecret
///   KILN_STAGING_INTO         /opt/kiln/staged (an emptyDir of the pod), where the application's path points
///   KILN_STAGING_CA_CERT      /opt/kiln/staging-secret/ca.crt, for an https:// server with its own certificate
/// </code>
/// <c>kiln driver</c> and <c>kiln executor</c> <see cref="Locate"/> it and fetch it first; the driver deletes the bundle
/// when the application ends.
/// </summary>
public static class PodStaging
{
    public const string UriVariable = "KILN_STAGING_URI";
    public const string ResourceIdVariable = "KILN_STAGING_RESOURCE_ID";
    public const string SecretFileVariable = "KILN_STAGING_SECRET_FILE";
    public const string IntoVariable = "KILN_STAGING_INTO";
    public const string CaCertVariable = "KILN_STAGING_CA_CERT";

    /// <summary>Keys of the bundle's Kubernetes Secret.</summary>
    public const string ResourceIdKey = "resourceId";
    public const string ResourceSecretKey = "resourceSecret";
    public const string CaCertKey = "ca.crt";

    /// <summary>Where the bundle's Secret is mounted in a pod.</summary>
    public const string SecretMountPath = "/opt/kiln/staging-secret";

    /// <summary>Where a pod extracts the bundle; the application's path in the driver's arguments is under it.</summary>
    public const string StagedDirectory = "/opt/kiln/staged";

    /// <summary>The staged bundle this process was started to fetch, or null when its environment names none.</summary>
    /// <exception cref="StagingException">Some of the variables are set and others are not, or the secret file cannot be read.</exception>
    public static Location? Locate(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var uri = Get(UriVariable);
        var id = Get(ResourceIdVariable);
        var secretFile = Get(SecretFileVariable);
        if (uri is null && id is null && secretFile is null)
        {
            return null;
        }

        if (uri is null || id is null || secretFile is null)
        {
            throw new StagingException($"a pod that fetches staged files needs {UriVariable}, {ResourceIdVariable} and {SecretFileVariable} together, but {string.Join(" and ", new[] { (UriVariable, uri), (ResourceIdVariable, id), (SecretFileVariable, secretFile) }.Where(v => v.Item2 is null).Select(v => v.Item1))} is not set");
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var serverUri))
        {
            throw new StagingException($"{UriVariable} is '{uri}', which is not an absolute http:// or https:// URI");
        }

        if (!ResourceCredentials.IsPlainId(id))
        {
            throw new StagingException($"{ResourceIdVariable} is '{id}', which is not a resource id (32 hex digits)");
        }

        string secret;
        try
        {
            secret = File.ReadAllText(secretFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StagingException($"cannot read the staged bundle's secret from {secretFile} ({e.Message}); is the bundle's Secret mounted?", e);
        }

        return new Location(serverUri, id, secret, Get(IntoVariable) ?? StagedDirectory, Get(CaCertVariable));
    }

    /// <summary>A staged bundle as a pod sees it.</summary>
    public sealed record Location(Uri ServerUri, string ResourceId, string Secret, string Into, string? CaCertificateFile)
    {
        /// <summary>Fetches the bundle into <see cref="Into"/> and returns the number of files.</summary>
        public async Task<int> FetchAsync(CancellationToken cancellationToken)
        {
            using var client = Client();
            return await client.DownloadAndExtractAsync(ResourceId, Secret, Into, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Deletes the bundle on the server (the application has ended).</summary>
        public async Task DeleteAsync(CancellationToken cancellationToken)
        {
            using var client = Client();
            await client.DeleteAsync(ResourceId, Secret, cancellationToken).ConfigureAwait(false);
        }

        private StagingClient Client() => new(ServerUri, new StagingClientOptions { CaCertificateFile = CaCertificateFile });

        /// <summary>Never prints the secret.</summary>
        public override string ToString() => $"resource {ResourceId} on {ServerUri}";
    }
}
