using System.Text;

namespace Kiln.Execution.Expressions;

/// <summary>
/// A LIKE pattern compiled once: <c>%</c> matches any run, <c>_</c> one character (one UTF-8 sequence, not one
/// byte), <c>\</c> makes the next character literal. Common shapes ('abc', 'abc%', '%abc', '%abc%') run as
/// vectorized span searches; anything else uses a backtracking matcher over literal chunks.
/// </summary>
internal sealed class LikePattern
{
    private readonly Token[] _tokens;
    private readonly Shape _shape;
    private readonly byte[] _literal = [];

    public LikePattern(string pattern)
    {
        _tokens = Parse(pattern);
        _shape = Classify(_tokens);
        if (_shape is Shape.Exact or Shape.Prefix && _tokens.Length > 0)
        {
            _literal = _tokens[0].Literal;
        }
        else if (_shape is Shape.Suffix or Shape.Contains)
        {
            _literal = _tokens[1].Literal;
        }
    }

    private enum Shape
    {
        Exact,
        Prefix,
        Suffix,
        Contains,
        Anything,
        General,
    }

    private enum Kind
    {
        Literal,
        OneChar,
        AnyRun,
    }

    public bool Matches(ReadOnlySpan<byte> s) => _shape switch
    {
        Shape.Exact => s.SequenceEqual(_literal),
        Shape.Prefix => s.StartsWith(_literal),
        Shape.Suffix => s.EndsWith(_literal),
        Shape.Contains => s.IndexOf(_literal) >= 0,
        Shape.Anything => true,
        _ => MatchGeneral(s),
    };

    private bool MatchGeneral(ReadOnlySpan<byte> s)
    {
        var tokens = _tokens;
        int si = 0, ti = 0, starTi = -1, starSi = 0;
        while (si < s.Length)
        {
            if (ti < tokens.Length && tokens[ti].Kind == Kind.Literal && s[si..].StartsWith(tokens[ti].Literal))
            {
                si += tokens[ti].Literal.Length;
                ti++;
            }
            else if (ti < tokens.Length && tokens[ti].Kind == Kind.OneChar)
            {
                si += Utf8Text.SequenceLength(s[si]);
                ti++;
            }
            else if (ti < tokens.Length && tokens[ti].Kind == Kind.AnyRun)
            {
                starTi = ti++;
                starSi = si;
            }
            else if (starTi >= 0)
            {
                ti = starTi + 1;
                starSi += Utf8Text.SequenceLength(s[starSi]);
                si = starSi;
            }
            else
            {
                return false;
            }
        }

        while (ti < tokens.Length && tokens[ti].Kind == Kind.AnyRun)
        {
            ti++;
        }

        return ti == tokens.Length && si == s.Length;
    }

    private static Token[] Parse(string pattern)
    {
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0)
            {
                tokens.Add(new Token(Kind.Literal, Encoding.UTF8.GetBytes(literal.ToString())));
                literal.Clear();
            }
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                literal.Append(pattern[++i]);
            }
            else if (c == '%')
            {
                Flush();
                if (tokens.Count == 0 || tokens[^1].Kind != Kind.AnyRun)
                {
                    tokens.Add(new Token(Kind.AnyRun, []));
                }
            }
            else if (c == '_')
            {
                Flush();
                tokens.Add(new Token(Kind.OneChar, []));
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush();
        return tokens.ToArray();
    }

    private static Shape Classify(Token[] t) => t.Select(x => x.Kind).ToArray() switch
    {
        [] => Shape.Exact,
        [Kind.Literal] => Shape.Exact,
        [Kind.Literal, Kind.AnyRun] => Shape.Prefix,
        [Kind.AnyRun, Kind.Literal] => Shape.Suffix,
        [Kind.AnyRun, Kind.Literal, Kind.AnyRun] => Shape.Contains,
        [Kind.AnyRun] => Shape.Anything,
        _ => Shape.General,
    };

    private readonly record struct Token(Kind Kind, byte[] Literal);
}
