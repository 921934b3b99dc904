using System.Text;

namespace Kiln.Sql.Parsing;

/// <summary>
/// Splits SQL text into <see cref="Token"/>s: identifiers and keywords, `quoted identifiers`, numbers,
/// 'strings' (<c>''</c> escapes a quote; "double quotes" are strings too, as in Spark), operators and
/// punctuation. Skips whitespace, <c>-- line</c> and <c>/* block */</c> comments.
/// </summary>
internal sealed class SqlLexer
{
    private static readonly string[] TwoCharSymbols = ["<=", ">=", "<>", "!=", "==", "||"];

    private readonly string _sql;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private SqlLexer(string sql)
    {
        _sql = sql;
    }

    public static List<Token> Tokenize(string sql)
    {
        var lexer = new SqlLexer(sql);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    private int Column => _pos - _lineStart + 1;

    private char Peek(int ahead = 0) => _pos + ahead < _sql.Length ? _sql[_pos + ahead] : '\0';

    private Token Next()
    {
        SkipTrivia();
        var (line, column) = (_line, Column);
        if (_pos >= _sql.Length)
        {
            return new Token(TokenKind.End, string.Empty, line, column);
        }

        var c = Peek();
        if (char.IsLetter(c) || c == '_')
        {
            var start = _pos;
            while (char.IsLetterOrDigit(Peek()) || Peek() == '_')
            {
                _pos++;
            }

            return new Token(TokenKind.Identifier, _sql[start.._pos], line, column);
        }

        if (char.IsDigit(c) || (c == '.' && char.IsDigit(Peek(1))))
        {
            return Number(line, column);
        }

        switch (c)
        {
            case '\'' or '"':
                return new Token(TokenKind.String, Quoted(c, line, column), line, column);
            case '`':
                return new Token(TokenKind.QuotedIdentifier, Quoted(c, line, column), line, column);
        }

        if (_pos + 1 < _sql.Length)
        {
            var two = _sql.Substring(_pos, 2);
            if (two == "<=" && Peek(2) == '>')
            {
                _pos += 3;
                return new Token(TokenKind.Symbol, "<=>", line, column);
            }

            if (Array.IndexOf(TwoCharSymbols, two) >= 0)
            {
                _pos += 2;
                return new Token(TokenKind.Symbol, two, line, column);
            }
        }

        if ("+-*/%=<>(),.;".Contains(c, StringComparison.Ordinal))
        {
            _pos++;
            return new Token(TokenKind.Symbol, c.ToString(), line, column);
        }

        throw new SqlParseException($"unexpected character '{c}'", line, column, c.ToString(), _sql);
    }

    private void SkipTrivia()
    {
        while (_pos < _sql.Length)
        {
            var c = Peek();
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                while (_pos < _sql.Length && Peek() != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var (line, column) = (_line, Column);
                _pos += 2;
                while (!(Peek() == '*' && Peek(1) == '/'))
                {
                    if (_pos >= _sql.Length)
                    {
                        throw new SqlParseException("unterminated comment: add '*/'", line, column, "/*", _sql);
                    }

                    if (Peek() == '\n')
                    {
                        _line++;
                        _lineStart = _pos + 1;
                    }

                    _pos++;
                }

                _pos += 2;
            }
            else
            {
                return;
            }
        }
    }

    private Token Number(int line, int column)
    {
        var start = _pos;
        var kind = TokenKind.Integer;
        while (char.IsDigit(Peek()))
        {
            _pos++;
        }

        if (Peek() == '.')
        {
            kind = TokenKind.Decimal;
            _pos++;
            while (char.IsDigit(Peek()))
            {
                _pos++;
            }
        }

        if ((Peek() is 'e' or 'E') && (char.IsDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsDigit(Peek(2)))))
        {
            kind = TokenKind.Double;
            _pos += 2;
            while (char.IsDigit(Peek()))
            {
                _pos++;
            }
        }

        if (char.IsLetter(Peek()) || Peek() == '_')
        {
            throw new SqlParseException($"malformed number '{_sql[start.._pos]}{Peek()}'", line, column, _sql[start..(_pos + 1)], _sql);
        }

        return new Token(kind, _sql[start.._pos], line, column);
    }

    private string Quoted(char quote, int line, int column)
    {
        var sb = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _sql.Length)
            {
                throw new SqlParseException($"unterminated literal: add the closing {quote}", line, column, quote.ToString(), _sql);
            }

            var c = Peek();
            if (c == quote)
            {
                if (Peek(1) == quote)
                {
                    sb.Append(quote);
                    _pos += 2;
                    continue;
                }

                _pos++;
                return sb.ToString();
            }

            if (c == '\\' && quote != '`' && _pos + 1 < _sql.Length)
            {
                // Like Spark: \% and \_ stay escaped for LIKE patterns; other escapes are decoded.
                sb.Append(Peek(1) switch { 'n' => "\n", 't' => "\t", '%' => "\\%", '_' => "\\_", var x => x.ToString() });
                _pos += 2;
                continue;
            }

            if (c == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }

            sb.Append(c);
            _pos++;
        }
    }
}
