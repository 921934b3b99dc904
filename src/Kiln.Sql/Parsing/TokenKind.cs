namespace Kiln.Sql.Parsing;

/// <summary>The lexical classes of SQL text. Keywords are <see cref="Identifier"/>s; the parser tells them apart.</summary>
internal enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    Integer,
    Decimal,
    Double,
    String,
    Symbol,
    End,
}
