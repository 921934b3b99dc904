using Kiln.Common.Errors;
using Kiln.Common.Text;

namespace Kiln.Common.Config;

/// <summary>
/// A set of configuration values keyed by canonical <c>kiln.*</c> key. Every value is validated when it is
/// set, so a bad key or value fails at once with a message that names it.
/// </summary>
/// <remarks>Not thread-safe while being filled; treat it as read-only once a session has started.</remarks>
public sealed class KilnConf
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Sets a key (or one of its aliases). Throws <see cref="ConfigException"/> for unknown keys and invalid values.</summary>
    public KilnConf Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var entry = ConfigKeys.Find(key)
            ?? throw new ConfigException(
                key,
                $"unknown configuration key '{key}'{NameSuggester.Hint(key, ConfigKeys.All.SelectMany(e => e.Aliases.Prepend(e.Key)))} (see docs/configuration.md for every key)");
        var canonical = entry.Canonical(key);
        if (entry.NameProblem(canonical) is { } problem)
        {
            throw new ConfigException(canonical, $"invalid key '{key}': {problem}");
        }

        try
        {
            entry.ParseValue(value);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ConfigException(canonical, $"invalid value '{value}' for '{key}': {e.Message} (expected {entry.ValidValues})", e);
        }

        _values[canonical] = value;
        return this;
    }

    /// <summary>Unsets a key (given canonically), so that its default applies again.</summary>
    public KilnConf Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _values.Remove(key);
        return this;
    }

    /// <summary>Every key set under a prefix entry, as the variable part of the key to its parsed value.</summary>
    public IReadOnlyDictionary<string, T> GetAll<T>(PrefixConfigEntry<T> entry)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(entry);
        var result = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, text) in _values)
        {
            if (key.Length > entry.Prefix.Length && key.StartsWith(entry.Prefix, StringComparison.Ordinal))
            {
                result[key[entry.Prefix.Length..]] = entry.Parse(text);
            }
        }

        return result;
    }

    public T Get<T>(TypedConfigEntry<T> entry)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _values.TryGetValue(entry.Key, out var text) ? entry.Parse(text) : entry.Default;
    }

    public bool IsSet(ConfigEntry entry) => _values.ContainsKey(entry?.Key ?? string.Empty);

    public KilnConf Clone()
    {
        var copy = new KilnConf();
        foreach (var (k, v) in _values)
        {
            copy._values[k] = v;
        }

        return copy;
    }
}
