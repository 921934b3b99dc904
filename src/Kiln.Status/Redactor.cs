using System.Text.RegularExpressions;
using Kiln.Common.Config;

namespace Kiln.Status;

/// <summary>
/// Hides secrets before anything leaves the driver: a configuration entry whose key or value matches
/// <c>kiln.redaction.regex</c> is shown with its value replaced, as Spark's Utils.redact does.
/// </summary>
public sealed class Redactor
{
    public const string Replacement = "*********(redacted)";

    private readonly Regex _pattern;

    public Redactor(string pattern)
    {
        _pattern = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public static Redactor FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new Redactor(conf.Get(MonitoringConfigKeys.RedactionRegex));
    }

    public bool IsSecret(string key, string value) => _pattern.IsMatch(key) || _pattern.IsMatch(value);

    public IReadOnlyList<KeyValuePair<string, string>> Redact(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries
            .Select(kv => IsSecret(kv.Key, kv.Value) ? new KeyValuePair<string, string>(kv.Key, Replacement) : kv)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToArray();
    }
}
