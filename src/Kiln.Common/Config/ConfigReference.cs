using System.Text;

namespace Kiln.Common.Config;

/// <summary>Renders the configuration reference (docs/configuration.md) from the registry, so the docs cannot drift from the code.</summary>
public static class ConfigReference
{
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("# Configuration reference\n\n");
        sb.Append("Generated from the configuration registry (`ConfigKeys`) by `kiln conf`; do not edit by hand.\n");
        sb.Append("Set keys with `--conf key=value` on the command line or `KilnSession.Builder().Config(key, value)`.\n");
        sb.Append("The `spark.*` aliases are accepted wherever the `kiln.*` key is. Unknown keys and invalid values are errors.\n\n");
        sb.Append("| key | default | valid values | since | alias | meaning |\n");
        sb.Append("| --- | --- | --- | --- | --- | --- |\n");
        foreach (var e in ConfigKeys.All)
        {
            sb.Append($"| `{e.Key}` | `{e.DefaultText}` | {e.ValidValues} | {e.Since} | {string.Join(", ", e.Aliases.Select(a => $"`{a}`"))} | {e.Doc} |\n");
        }

        return sb.ToString();
    }
}
