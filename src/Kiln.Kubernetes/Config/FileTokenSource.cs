namespace Kiln.Kubernetes.Config;

/// <summary>
/// A token read from a file (kubeconfig <c>tokenFile</c>, or the service account token in a pod). The file is
/// read again once <see cref="RefreshInterval"/> has passed or after a 401, so rotated tokens are picked up.
/// </summary>
public sealed class FileTokenSource : BearerTokenSource
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _token;
    private long _readAt;

    public FileTokenSource(string path, TimeProvider? timeProvider = null)
    {
        _path = path;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a token read from the file is used before the file is read again.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    public override async ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!forceRefresh && _token is not null && _time.GetElapsedTime(_readAt) < RefreshInterval)
            {
                return _token;
            }
        }

        string token;
        try
        {
            token = (await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (IOException e)
        {
            throw new KubeConfigException($"Cannot read the token file '{_path}': {e.Message}", e);
        }

        lock (_gate)
        {
            _token = token;
            _readAt = _time.GetTimestamp();
        }

        return token;
    }
}
