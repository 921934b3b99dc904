using System.Collections.Concurrent;
using System.Reflection;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Resolves the assemblies, types and methods a serialized closure names, and caches what it resolved: one
/// instance per executor, shared by all its tasks. <see cref="Default"/> resolves in the process's default
/// load context (local mode, where the driver's assemblies are already loaded);
/// <see cref="ApplicationCodeLoader"/> loads an application's assemblies from its shipped files (executor processes).
/// </summary>
/// <remarks>Thread-safe: tasks on several threads resolve through the same loader.</remarks>
public abstract class UserCodeLoader
{
    private readonly ConcurrentDictionary<(string Assembly, string Type), Type> _types = new();
    private readonly ConcurrentDictionary<(Type Declaring, int Token), MethodInfo> _methods = new();
    private readonly ConcurrentDictionary<(MethodInfo Method, Type DelegateType), Delegate> _staticDelegates = new();

    /// <summary>Resolves in the default load context: what local mode uses.</summary>
    public static UserCodeLoader Default { get; } = new DefaultContextLoader();

    /// <summary>Loads an assembly by its full name.</summary>
    public abstract Assembly LoadAssembly(AssemblyName name);

    /// <summary>A (non-generic or generic-definition) type by assembly full name and metadata full name (<c>Ns.Outer+Inner`1</c>).</summary>
    public Type ResolveType(string assemblyName, string fullName) =>
        _types.GetOrAdd((assemblyName, fullName), key =>
        {
            var assembly = LoadAssembly(new AssemblyName(key.Assembly));
            return assembly.GetType(key.Type, throwOnError: false)
                ?? throw new UserCodeLoadException($"type '{key.Type}' was not found in assembly '{assembly.FullName}'; the executor must run the same build of the application as the driver");
        });

    /// <summary>A method of <paramref name="declaring"/> by metadata token, checked against its name.</summary>
    public MethodInfo ResolveMethod(Type declaring, int token, string name)
    {
        ArgumentNullException.ThrowIfNull(declaring);
        var method = _methods.GetOrAdd((declaring, token), key =>
            key.Declaring.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .FirstOrDefault(m => m.MetadataToken == key.Token)
            ?? throw new UserCodeLoadException($"method token 0x{key.Token:x8} does not exist in {key.Declaring.FullName}; the executor must run the same build of the application as the driver"));
        if (method.Name != name)
        {
            throw new UserCodeLoadException($"method token 0x{token:x8} of {declaring.FullName} is '{method.Name}' on this executor but was '{name}' on the driver; the executor must run the same build of the application as the driver");
        }

        return method;
    }

    /// <summary>A delegate for a method without a target (static methods), created once per executor.</summary>
    public Delegate StaticDelegate(MethodInfo method, Type delegateType) =>
        _staticDelegates.GetOrAdd((method, delegateType), key => key.Method.CreateDelegate(key.DelegateType));

    private sealed class DefaultContextLoader : UserCodeLoader
    {
        public override Assembly LoadAssembly(AssemblyName name)
        {
            // Prefer an assembly the process already loaded under that exact name (the driver's own), then by simple name.
            var loaded = AppDomain.CurrentDomain.GetAssemblies();
            return loaded.FirstOrDefault(a => string.Equals(a.FullName, name.FullName, StringComparison.Ordinal))
                ?? loaded.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase))
                ?? System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyName(name);
        }
    }
}
