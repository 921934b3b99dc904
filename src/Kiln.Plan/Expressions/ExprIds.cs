namespace Kiln.Plan.Expressions;

/// <summary>Issues unique ids for attributes and aliases, so columns keep their identity across renames and joins.</summary>
public static class ExprIds
{
    private static long _next;

    public static long Next() => Interlocked.Increment(ref _next);
}
