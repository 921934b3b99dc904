namespace Kiln.Common.Config;

/// <summary>
/// A family of keys that share a prefix and name something by their last part, such as
/// <c>kiln.kubernetes.executor.label.team=data</c> (Spark's <c>spark.kubernetes.executor.label.*</c>). Each value is
/// validated as one of <typeparamref name="T"/>; <see cref="KilnConf.GetAll{T}"/> reads the family as name to value.
/// </summary>
public sealed class PrefixConfigEntry<T> : ConfigEntry
    where T : notnull
{
    private readonly Func<string, T> _parse;
    private readonly Func<string, string?>? _validateName;

    /// <param name="prefix">The canonical prefix, ending in a dot (<c>kiln.kubernetes.executor.label.</c>).</param>
    /// <param name="nameText">How the documentation shows the variable part (<c>[LabelName]</c>).</param>
    /// <param name="validateName">Checks the variable part; returns a problem or null.</param>
    public PrefixConfigEntry(
        string prefix,
        string nameText,
        string doc,
        Func<string, T> parse,
        string validValues,
        Func<string, string?>? validateName = null,
        string since = "0.1.0",
        params string[] aliasPrefixes)
        : base(prefix + nameText, doc, since, [.. aliasPrefixes.Select(a => a + nameText)])
    {
        if (!prefix.EndsWith('.') || aliasPrefixes.Any(a => !a.EndsWith('.')))
        {
            throw new ArgumentException("prefixes end with a dot", nameof(prefix));
        }

        Prefix = prefix;
        AliasPrefixes = aliasPrefixes;
        ValidValues = validValues;
        _parse = parse;
        _validateName = validateName;
    }

    public string Prefix { get; }

    public IReadOnlyList<string> AliasPrefixes { get; }

    public override string DefaultText => "(none)";

    public override string ValidValues { get; }

    public T Parse(string text) => _parse(text.Trim());

    public override object ParseValue(string text) => Parse(text);

    public override string? MatchesPrefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var prefix in AliasPrefixes.Prepend(Prefix))
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Prefix + key[prefix.Length..];
            }
        }

        return null;
    }

    public override string Canonical(string key) => MatchesPrefix(key) ?? throw new ArgumentException($"'{key}' is not under {Prefix}", nameof(key));

    /// <summary>The problem with the variable part of <paramref name="canonicalKey"/>, or null.</summary>
    public override string? NameProblem(string canonicalKey) => _validateName?.Invoke(canonicalKey[Prefix.Length..]);
}
