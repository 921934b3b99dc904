using Kiln.Plan.Expressions;

namespace Kiln.Plan.UserCode;

/// <summary>
/// Makes a session's registered functions visible to name resolution while that session plans a query (SQL text
/// names functions; the resolver has no session). Scoped to the calling flow: concurrent plans of other sessions
/// see their own catalog.
/// </summary>
public static class UserFunctionScope
{
    private static readonly AsyncLocal<IUserFunctionCatalog?> Current = new();

    /// <summary>Registered functions resolve until the returned scope is disposed.</summary>
    public static IDisposable Enter(IUserFunctionCatalog catalog)
    {
        var previous = Current.Value;
        Current.Value = catalog;
        return new Exit(previous);
    }

    /// <summary>The call of a registered function of that name, resolved; null when none is registered.</summary>
    public static Expr? TryResolve(FunctionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Current.Value?.Lookup(call.Name) is { } function ? function.Call(call.Args).Resolve() : null;
    }

    private sealed class Exit(IUserFunctionCatalog? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
