using System.Globalization;

namespace Kiln.Common.Config;

/// <summary>Value parsers shared by config entries: sizes (<c>512m</c>, <c>2g</c>), integers, booleans.</summary>
public static class ConfigParsers
{
    /// <summary>Parses a byte size: a plain number of bytes or a number with k, m, g or t (optionally followed by b), as Spark accepts.</summary>
    public static long ParseBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t.EndsWith('b') && t.Length > 1 && !char.IsDigit(t[^2]))
        {
            t = t[..^1];
        }
        else if (t.EndsWith('b'))
        {
            t = t[..^1];
        }

        long multiplier = 1;
        if (t.Length > 0 && char.IsLetter(t[^1]))
        {
            multiplier = t[^1] switch
            {
                'k' => 1L << 10,
                'm' => 1L << 20,
                'g' => 1L << 30,
                't' => 1L << 40,
                _ => throw new FormatException($"'{text}' is not a size; use a number of bytes or a number followed by k, m, g or t (as in 512m)"),
            };
            t = t[..^1];
        }

        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"'{text}' is not a size; use a number of bytes or a number followed by k, m, g or t (as in 512m)");
        }

        return checked(n * multiplier);
    }

    /// <summary>Parses a duration: a number with ms, s, m (or min), h or d; a plain number is seconds, as Spark reads its timeouts.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        var digits = 0;
        while (digits < t.Length && (char.IsDigit(t[digits]) || t[digits] == '.'))
        {
            digits++;
        }

        if (digits == 0 || !double.TryParse(t.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"'{text}' is not a duration; use a number followed by ms, s, m or h (as in 30s)");
        }

        return t[digits..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "" or "s" => TimeSpan.FromSeconds(n),
            "m" or "min" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => throw new FormatException($"'{text}' is not a duration; use a number followed by ms, s, m or h (as in 30s)"),
        };
    }

    public static int ParseInt(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{text}' is not a whole number");

    public static bool ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException($"'{text}' is not a boolean; use true or false"),
    };

    public static string FormatBytes(long bytes) => bytes switch
    {
        _ when bytes >= 1L << 30 && bytes % (1L << 30) == 0 => $"{bytes >> 30}g",
        _ when bytes >= 1L << 20 && bytes % (1L << 20) == 0 => $"{bytes >> 20}m",
        _ when bytes >= 1L << 10 && bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };
}
