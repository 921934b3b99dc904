namespace Kiln.Kubernetes.Config;

/// <summary>
/// Supplies the bearer token of each request. Implementations cache; <c>forceRefresh</c> is passed after the
/// server answered 401, so a rotated or expired token is fetched again.
/// </summary>
/// <remarks>Implementations are safe to call from several threads at once.</remarks>
public abstract class BearerTokenSource
{
    public abstract ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
