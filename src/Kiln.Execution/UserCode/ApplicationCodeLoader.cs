using System.Reflection;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Resolves closures in a <see cref="UserCodeLoadContext"/> over the application's shipped files: what an
/// executor process creates once, at start, from the list of application paths the driver sends it.
/// </summary>
public sealed class ApplicationCodeLoader : UserCodeLoader
{
    public ApplicationCodeLoader(IEnumerable<string> applicationPaths) => Context = new UserCodeLoadContext(applicationPaths);

    public UserCodeLoadContext Context { get; }

    public override Assembly LoadAssembly(AssemblyName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return Context.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException e)
        {
            throw new UserCodeLoadException($"assembly '{name.FullName}' is neither among the application's files ({string.Join(", ", Context.ApplicationAssemblies)}) nor available to the executor", e);
        }
    }
}
