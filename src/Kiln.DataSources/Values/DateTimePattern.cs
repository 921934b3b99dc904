namespace Kiln.DataSources.Values;

/// <summary>
/// A compiled date or timestamp pattern that parses UTF-8 bytes directly. Supported letters: <c>yyyy</c>/<c>y</c>,
/// <c>MM</c>/<c>M</c>, <c>dd</c>/<c>d</c>, <c>HH</c>/<c>H</c>, <c>mm</c>/<c>m</c>, <c>ss</c>/<c>s</c>, fractions as
/// <c>S..S</c> or <c>f..f</c> (1 up to that many digits, microsecond precision), <c>[...]</c> optional sections,
/// <c>'text'</c> quoted literals; every other character is a literal. Times are read as UTC.
/// </summary>
public sealed class DateTimePattern
{
    private readonly Token[] _tokens;

    private DateTimePattern(string text, Token[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    public static DateTimePattern Compile(string pattern, bool withTime)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var tokens = new List<Token>();
        var open = new Stack<int>();
        bool hasY = false, hasM = false, hasD = false;
        for (var i = 0; i < pattern.Length;)
        {
            var c = pattern[i];
            if (c == '[')
            {
                open.Push(tokens.Count);
                tokens.Add(new Token(Kind.OptionalStart, 0, 0));
                i++;
                continue;
            }

            if (c == ']')
            {
                if (open.Count == 0)
                {
                    throw new FormatException("']' without '['");
                }

                var start = open.Pop();
                tokens[start] = tokens[start] with { Arg = tokens.Count };
                tokens.Add(new Token(Kind.OptionalEnd, 0, 0));
                i++;
                continue;
            }

            if (c == '\'')
            {
                var end = pattern.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException("unterminated quoted literal");
                }

                foreach (var b in System.Text.Encoding.UTF8.GetBytes(pattern[(i + 1)..end]))
                {
                    tokens.Add(new Token(Kind.Literal, b, 0));
                }

                i = end + 1;
                continue;
            }

            var run = 1;
            while (i + run < pattern.Length && pattern[i + run] == c)
            {
                run++;
            }

            Kind? kind = c switch
            {
                'y' or 'u' => Kind.Year,
                'M' => Kind.Month,
                'd' => Kind.Day,
                'H' => Kind.Hour,
                'm' => Kind.Minute,
                's' => Kind.Second,
                'S' or 'f' => Kind.Fraction,
                _ => null,
            };
            if (kind is null)
            {
                if (char.IsLetter(c))
                {
                    throw new FormatException($"pattern letter '{c}' is not supported (use y, M, d, H, m, s, S)");
                }

                for (var k = 0; k < run; k++)
                {
                    tokens.Add(new Token(Kind.Literal, (byte)c, 0));
                }
            }
            else
            {
                if (!withTime && kind is Kind.Hour or Kind.Minute or Kind.Second or Kind.Fraction)
                {
                    throw new FormatException("a date pattern cannot contain time fields");
                }

                hasY |= kind == Kind.Year;
                hasM |= kind == Kind.Month;
                hasD |= kind == Kind.Day;
                tokens.Add(new Token(kind.Value, run, 0));
            }

            i += run;
        }

        if (open.Count != 0)
        {
            throw new FormatException("'[' without ']'");
        }

        if (!(hasY && hasM && hasD))
        {
            throw new FormatException("the pattern needs a year (y), a month (M) and a day (d)");
        }

        return new DateTimePattern(pattern, tokens.ToArray());
    }

    /// <summary>Parses a whole span into days since the epoch.</summary>
    public bool TryParseDate(ReadOnlySpan<byte> text, out int days)
    {
        if (TryParse(text, out var micros) && micros % CivilDate.MicrosPerDay == 0)
        {
            days = (int)(micros / CivilDate.MicrosPerDay);
            return true;
        }

        days = 0;
        return false;
    }

    /// <summary>Parses a whole span into microseconds since the epoch (UTC).</summary>
    public bool TryParse(ReadOnlySpan<byte> text, out long micros)
    {
        var f = new Fields { Month = 1, Day = 1 };
        var pos = 0;
        micros = 0;
        if (!Match(text, ref pos, 0, _tokens.Length, ref f) || pos != text.Length || !CivilDate.IsValid(f.Year, f.Month, f.Day)
            || f.Hour > 23 || f.Minute > 59 || f.Second > 59)
        {
            return false;
        }

        micros = (CivilDate.ToDays(f.Year, f.Month, f.Day) * CivilDate.MicrosPerDay)
            + (((f.Hour * 3600L) + (f.Minute * 60L) + f.Second) * CivilDate.MicrosPerSecond) + f.Micros;
        return true;
    }

    private bool Match(ReadOnlySpan<byte> text, ref int pos, int from, int to, ref Fields f)
    {
        for (var t = from; t < to; t++)
        {
            var token = _tokens[t];
            switch (token.Kind)
            {
                case Kind.Literal:
                    if (pos >= text.Length || text[pos] != token.Count)
                    {
                        return false;
                    }

                    pos++;
                    break;
                case Kind.OptionalStart:
                    var saved = pos;
                    var savedFields = f;
                    if (!Match(text, ref pos, t + 1, token.Arg, ref f))
                    {
                        pos = saved;
                        f = savedFields;
                    }

                    t = token.Arg;
                    break;
                case Kind.OptionalEnd:
                    break;
                case Kind.Fraction:
                    var digits = ReadDigits(text, ref pos, 1, Math.Max(token.Count, 1) > 9 ? 9 : Math.Max(token.Count, 1), out var frac);
                    if (digits == 0)
                    {
                        return false;
                    }

                    for (var k = digits; k < 6; k++)
                    {
                        frac *= 10;
                    }

                    for (var k = 6; k < digits; k++)
                    {
                        frac /= 10;
                    }

                    f.Micros = frac;
                    break;
                default:
                    var min = token.Count >= 2 ? token.Count : 1;
                    var max = token.Kind == Kind.Year ? Math.Max(token.Count, 4) : Math.Max(token.Count, 2);
                    if (ReadDigits(text, ref pos, min, max, out var value) == 0)
                    {
                        return false;
                    }

                    switch (token.Kind)
                    {
                        case Kind.Year: f.Year = (int)value; break;
                        case Kind.Month: f.Month = (int)value; break;
                        case Kind.Day: f.Day = (int)value; break;
                        case Kind.Hour: f.Hour = (int)value; break;
                        case Kind.Minute: f.Minute = (int)value; break;
                        default: f.Second = (int)value; break;
                    }

                    break;
            }
        }

        return true;
    }

    private static int ReadDigits(ReadOnlySpan<byte> text, ref int pos, int min, int max, out long value)
    {
        value = 0;
        var n = 0;
        while (n < max && pos + n < text.Length && (uint)(text[pos + n] - '0') <= 9)
        {
            value = (value * 10) + (text[pos + n] - '0');
            n++;
        }

        if (n < min)
        {
            return 0;
        }

        pos += n;
        return n;
    }

    public override string ToString() => Text;

    private enum Kind : byte
    {
        Literal,
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Fraction,
        OptionalStart,
        OptionalEnd,
    }

    private readonly record struct Token(Kind Kind, int Count, int Arg);

    private struct Fields
    {
        public int Year;
        public int Month;
        public int Day;
        public int Hour;
        public int Minute;
        public int Second;
        public long Micros;
    }
}
