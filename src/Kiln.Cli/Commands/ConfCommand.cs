using Kiln.Common.Config;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln conf</c>: prints the configuration reference (the source of docs/configuration.md).</summary>
public static class ConfCommand
{
    public static int Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(ConfigReference.Markdown());
        return 0;
    }
}
