using Kiln.Common.Errors;

namespace Kiln.Sql.Parsing;

/// <summary>One lexeme with its position (1-based line and column) in the query text.</summary>
internal sealed record Token(TokenKind Kind, string Text, int Line, int Column)
{
    /// <summary>Whether this is the unquoted keyword <paramref name="keyword"/> (case-insensitive).</summary>
    public bool Is(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    /// <summary>Where the token starts, for expressions parsed from it.</summary>
    public SourcePosition Where => new(Line, Column);

    /// <summary>How the token is quoted in error messages.</summary>
    public string Display => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.String => $"'{Text}'",
        TokenKind.QuotedIdentifier => $"`{Text}`",
        _ => $"'{Text}'",
    };
}
