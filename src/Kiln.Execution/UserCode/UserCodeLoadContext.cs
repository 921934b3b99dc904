using System.Reflection;
using System.Runtime.Loader;

namespace Kiln.Execution.UserCode;

/// <summary>
/// The load context of an application's code on an executor process: it loads the application's assemblies from
/// the files shipped with the application (directories or .dll paths) and leaves the framework and Kiln's engine
/// assemblies to the default context, so types that cross the boundary (delegates, Kiln's handles) are shared.
/// </summary>
/// <remarks>
/// One per application per executor process. Not collectible: an executor serves one application and exits with it.
/// Assemblies the application does not ship fall back to the default context.
/// </remarks>
public sealed class UserCodeLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, string> _files = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="applicationPaths">The application's files: directories (every *.dll inside) or assembly paths.</param>
    public UserCodeLoadContext(IEnumerable<string> applicationPaths)
        : base("kiln-user-code", isCollectible: false)
    {
        ArgumentNullException.ThrowIfNull(applicationPaths);
        foreach (var path in applicationPaths)
        {
            var files = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.dll") : File.Exists(path) ? [path] : [];
            foreach (var file in files)
            {
                _files.TryAdd(Path.GetFileNameWithoutExtension(file), Path.GetFullPath(file));
            }

            if (!Directory.Exists(path) && !File.Exists(path))
            {
                throw new FileNotFoundException($"application path '{path}' does not exist on this executor", path);
            }
        }
    }

    /// <summary>The simple names of the assemblies this context loads itself.</summary>
    public IReadOnlyCollection<string> ApplicationAssemblies => _files.Keys;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        if (KilnAssemblies.IsShared(assemblyName.Name) || assemblyName.Name is null || !_files.TryGetValue(assemblyName.Name, out var file))
        {
            return null;
        }

        return LoadFromAssemblyPath(file);
    }
}
