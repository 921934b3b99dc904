namespace Kiln.Execution.UserCode;

/// <summary>
/// The files an application must ship to executor processes so that its lambdas resolve there: every assembly the
/// driver process has loaded from a file that is neither part of .NET nor one of Kiln's engine libraries. The
/// executor side points an <see cref="ApplicationCodeLoader"/> at the same files.
/// </summary>
public static class ApplicationFiles
{
    /// <summary>Full paths of the application's assemblies loaded in this process, sorted.</summary>
    public static IReadOnlyList<string> LoadedAssemblies() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location) && !KilnAssemblies.IsShared(a.GetName().Name))
            .Select(a => a.Location)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
}
