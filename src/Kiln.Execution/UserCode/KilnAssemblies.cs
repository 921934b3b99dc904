using System.Reflection;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Tells the application's own assemblies from the ones every executor already has: the .NET framework and
/// Kiln's engine libraries. Shared assemblies are always resolved in the executor's default load context (so
/// that <c>Func&lt;int, int&gt;</c> or <c>Kiln.Broadcast&lt;T&gt;</c> are the same type on both sides); only the
/// application's assemblies are loaded from its shipped files.
/// </summary>
public static class KilnAssemblies
{
    private static readonly HashSet<string> Engine = new(StringComparer.OrdinalIgnoreCase)
    {
        "Kiln", "Kiln.Common", "Kiln.Plan", "Kiln.Sql", "Kiln.DataSources", "Kiln.Execution", "Kiln.Scheduler",
        "Kiln.Kubernetes", "Kiln.Network",
    };

    /// <summary>Whether the assembly is part of .NET itself (System.*, Microsoft.*, mscorlib, netstandard).</summary>
    public static bool IsFramework(string? simpleName) =>
        simpleName is not null
        && (simpleName.StartsWith("System.", StringComparison.Ordinal)
            || simpleName.StartsWith("Microsoft.", StringComparison.Ordinal)
            || simpleName is "System" or "mscorlib" or "netstandard");

    /// <summary>Whether the assembly is one of Kiln's engine libraries (not an application or test assembly).</summary>
    public static bool IsEngine(string? simpleName) => simpleName is not null && Engine.Contains(simpleName);

    /// <summary>Framework or engine: every executor has it, so it is never loaded from the application's files.</summary>
    public static bool IsShared(string? simpleName) => IsFramework(simpleName) || IsEngine(simpleName);

    public static bool IsFramework(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly == typeof(object).Assembly || IsFramework(assembly.GetName().Name);
    }

    public static bool IsEngine(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return IsEngine(assembly.GetName().Name);
    }
}
