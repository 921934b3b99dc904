using System.Text.RegularExpressions;

namespace Kiln.Kubernetes;

/// <summary>
/// Builds label selector strings ("app=kiln,role!=driver,tier in (a,b),!canary") with keys and values
/// validated the way the API server validates them, so a typo fails here with the offending label named.
/// </summary>
/// <remarks>Immutable: every method returns a new selector.</remarks>
public sealed partial record LabelSelector
{
    private readonly IReadOnlyList<string> _requirements;

    private LabelSelector(IReadOnlyList<string> requirements) => _requirements = requirements;

    public static LabelSelector Empty { get; } = new([]);

    /// <summary>All of the given labels, as equality requirements.</summary>
    public static LabelSelector FromLabels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Aggregate(Empty, (s, kv) => s.Equal(kv.Key, kv.Value));
    }

    public LabelSelector Equal(string key, string value) => With($"{Key(key)}={Value(value)}");

    public LabelSelector NotEqual(string key, string value) => With($"{Key(key)}!={Value(value)}");

    public LabelSelector In(string key, params string[] values) => With($"{Key(key)} in ({Values(values)})");

    public LabelSelector NotIn(string key, params string[] values) => With($"{Key(key)} notin ({Values(values)})");

    public LabelSelector Exists(string key) => With(Key(key));

    public LabelSelector DoesNotExist(string key) => With("!" + Key(key));

    public override string ToString() => string.Join(",", _requirements);

    public bool Equals(LabelSelector? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private LabelSelector With(string requirement) => new([.. _requirements, requirement]);

    private static string Values(string[] values)
    {
        if (values.Length == 0)
        {
            throw new ArgumentException("A set requirement needs at least one value.", nameof(values));
        }

        return string.Join(",", values.Select(Value));
    }

    private static string Key(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        if (!NamePattern().IsMatch(name) || name.Length > 63 || (prefix is not null && (prefix.Length > 253 || !PrefixPattern().IsMatch(prefix))))
        {
            throw new ArgumentException(
                $"'{key}' is not a valid label key: an optional DNS subdomain prefix and '/', then 1-63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric.",
                nameof(key));
        }

        return key;
    }

    private static string Value(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 63 || (value.Length > 0 && !NamePattern().IsMatch(value)))
        {
            throw new ArgumentException(
                $"'{value}' is not a valid label value: at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric.",
                nameof(value));
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")]
    private static partial Regex PrefixPattern();
}
