using System.Reflection;

namespace Kiln.Cli.Commands;

public static class VersionCommand
{
    public static string Version =>
        typeof(KilnSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static int Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"kiln {Version} (.NET {Environment.Version})");
        return 0;
    }
}
