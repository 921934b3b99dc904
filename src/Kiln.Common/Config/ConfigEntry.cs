namespace Kiln.Common.Config;

/// <summary>
/// One declared configuration key: its name, documentation, default, parser/validator and the version that
/// introduced it. Every key Kiln reads is declared in <see cref="ConfigKeys"/>; the configuration reference in
/// the docs is generated from these declarations.
/// </summary>
public abstract class ConfigEntry
{
    protected ConfigEntry(string key, string doc, string since, IReadOnlyList<string> aliases)
    {
        Key = key;
        Doc = doc;
        Since = since;
        Aliases = aliases;
    }

    public string Key { get; }

    public string Doc { get; }

    public string Since { get; }

    /// <summary>Other accepted spellings, such as the <c>spark.*</c> key a Spark user would type.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The default as text, for documentation.</summary>
    public abstract string DefaultText { get; }

    /// <summary>A short description of valid values, for documentation and errors.</summary>
    public abstract string ValidValues { get; }

    /// <summary>Parses and validates a value; throws <see cref="FormatException"/> with a reason when invalid.</summary>
    public abstract object ParseValue(string text);

    /// <summary>
    /// For a prefix entry (a family of keys such as <c>kiln.kubernetes.executor.label.NAME</c>): the canonical key of
    /// <paramref name="key"/> when it falls under this entry's prefix or an alias prefix; null otherwise, and always
    /// null for an ordinary entry.
    /// </summary>
    public virtual string? MatchesPrefix(string key) => null;

    /// <summary>What is wrong with the variable part of a prefix entry's key, or null.</summary>
    public virtual string? NameProblem(string canonicalKey) => null;

    /// <summary>The key under which a value set as <paramref name="key"/> (this entry's key or an alias) is kept.</summary>
    public virtual string Canonical(string key) => Key;
}
