using System.Reflection;

namespace Kiln.Common.Config;

/// <summary>
/// Finds configuration entries that modules declare beside their code (a module is an assembly marked with
/// <see cref="ConfigModuleAttribute"/>), so that the one registry, <c>--conf</c> validation and the generated reference
/// know every key before the module's code has run. The modules are named here; one that is not deployed with the
/// application (an embedding without the Kubernetes backend) is skipped.
/// </summary>
internal static class ConfigModules
{
    private static readonly string[] Known = ["Kiln.Cluster", "Kiln.Cluster.Kubernetes", "Kiln.Status", "Kiln.Staging"];

    public static IEnumerable<ConfigEntry> Entries()
    {
        foreach (var name in Known)
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(name));
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            foreach (var module in assembly.GetCustomAttributes<ConfigModuleAttribute>())
            {
                var all = module.EntriesType.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<ConfigEntry>
                    ?? throw new InvalidOperationException($"{module.EntriesType.FullName} declares no public static All list of configuration entries");
                foreach (var entry in all)
                {
                    yield return entry;
                }
            }
        }
    }
}
