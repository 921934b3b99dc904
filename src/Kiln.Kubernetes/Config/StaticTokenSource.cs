namespace Kiln.Kubernetes.Config;

/// <summary>A fixed token, as in a kubeconfig's <c>token</c> field.</summary>
public sealed class StaticTokenSource(string token) : BearerTokenSource
{
    public override ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult(token);
}
