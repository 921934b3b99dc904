using System.Globalization;
using Kiln.Common.Text;
using Kiln.DataSources.Errors;

namespace Kiln.DataSources;

/// <summary>Reads string options case-insensitively, rejecting unknown names and bad values with an <see cref="InvalidOptionException"/>.</summary>
internal sealed class OptionReader
{
    private readonly Dictionary<string, string> _values;

    public OptionReader(IReadOnlyDictionary<string, string>? options, string format, IReadOnlyCollection<string> known)
    {
        _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (options is null)
        {
            return;
        }

        foreach (var (key, value) in options)
        {
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOptionException(key, null, $"Unknown {format} option '{key}'{NameSuggester.Hint(key, known)} Known options: {string.Join(", ", known)}.");
            }

            _values[key] = value;
        }
    }

    public string? Raw(params string[] names)
    {
        foreach (var name in names)
        {
            if (_values.TryGetValue(name, out var v))
            {
                return v;
            }
        }

        return null;
    }

    public string String(string name, string fallback) => Raw(name) ?? fallback;

    public bool Bool(string name, bool fallback)
    {
        var raw = Raw(name);
        return raw is null
            ? fallback
            : raw.Trim().ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw new InvalidOptionException(name, raw, $"Option '{name}' must be true or false, not '{raw}'."),
            };
    }

    public byte SingleByte(string fallback, params string[] names)
    {
        var raw = Raw(names) ?? fallback;
        var name = names[0];
        if (raw == "\\t")
        {
            raw = "\t";
        }

        if (raw.Length != 1 || raw[0] > 127 || raw[0] is '\n' or '\r')
        {
            throw new InvalidOptionException(name, raw, $"Option '{name}' must be a single ASCII character other than a line break, not '{raw}'.");
        }

        return (byte)raw[0];
    }

    public double Ratio(string name, double fallback)
    {
        var raw = Raw(name);
        if (raw is null)
        {
            return fallback;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !(d > 0 && d <= 1))
        {
            throw new InvalidOptionException(name, raw, $"Option '{name}' must be a number in (0, 1], not '{raw}'.");
        }

        return d;
    }

    public ParseMode Mode()
    {
        var raw = Raw("mode");
        return raw?.Trim().ToUpperInvariant() switch
        {
            null => ParseMode.Permissive,
            "PERMISSIVE" => ParseMode.Permissive,
            "DROPMALFORMED" => ParseMode.DropMalformed,
            "FAILFAST" => ParseMode.FailFast,
            _ => throw new InvalidOptionException("mode", raw, $"Option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST, not '{raw}'."),
        };
    }

    public void RequireUtf8()
    {
        var raw = Raw("encoding", "charset");
        if (raw is not null && !raw.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOptionException("encoding", raw, $"Option 'encoding' is '{raw}', which is not supported; Kiln reads and writes UTF-8 only. Convert the file to UTF-8 first (for example with iconv).");
        }
    }

    public Values.DateTimePattern Pattern(string name, string fallback, bool withTime)
    {
        var raw = Raw(name) ?? fallback;
        try
        {
            return Values.DateTimePattern.Compile(raw, withTime);
        }
        catch (FormatException e)
        {
            throw new InvalidOptionException(name, raw, $"Option '{name}' has an unusable pattern '{raw}': {e.Message}");
        }
    }
}
