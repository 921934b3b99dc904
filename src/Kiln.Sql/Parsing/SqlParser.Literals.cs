using System.Globalization;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Sql.Parsing;

/// <summary>Literals: numbers (int, bigint, decimal or double by their text), intervals and type names.</summary>
internal sealed partial class SqlParser
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    private Literal NumberLiteral(Token t)
    {
        var text = t.Text;
        switch (t.Kind)
        {
            case TokenKind.Integer when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                return Literal.Of(i);
            case TokenKind.Integer when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l):
                return Literal.Of(l);
            case TokenKind.Integer or TokenKind.Decimal when text.Replace(".", "", StringComparison.Ordinal).TrimStart('0').Length <= DataType.MaxDecimalPrecision
                && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m):
                return Literal.Of(m);
            case TokenKind.Double when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                return Literal.Of(d);
            default:
                throw Error("expected a number that fits in a decimal(38) or a double", t);
        }
    }

    private IntervalExpr Interval()
    {
        var start = Advance();
        var amountToken = Current;
        var text = amountToken.Kind switch
        {
            TokenKind.String or TokenKind.Integer => amountToken.Text.Trim(),
            _ => throw Error("expected the interval's amount, as in INTERVAL '3' DAY"),
        };
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            throw Error("expected a whole number of units, as in INTERVAL '3' DAY", amountToken);
        }

        _pos++;
        var unitToken = Current;
        var unit = unitToken.Kind == TokenKind.Identifier ? unitToken.Text.ToUpperInvariant().TrimEnd('S') : string.Empty;
        if (unit is not ("DAY" or "MONTH" or "YEAR"))
        {
            throw Error("expected an interval unit: DAY, MONTH or YEAR");
        }

        _pos++;
        if (Current.IsSymbol("(") && PeekToken().Kind == TokenKind.Integer && PeekToken(2).IsSymbol(")"))
        {
            _pos += 3; // a precision, as in INTERVAL '90' DAY (3): ignored
        }

        return new IntervalExpr(amount, unit, start);
    }

    private DataType TypeName()
    {
        var start = Current;
        if (start.Kind != TokenKind.Identifier)
        {
            throw Error("expected a type name");
        }

        _pos++;
        var text = start.Text;
        if (Accept("("))
        {
            var args = new List<string>();
            do
            {
                if (Current.Kind != TokenKind.Integer)
                {
                    throw Error("expected a number in the type's parameters");
                }

                args.Add(Advance().Text);
            }
            while (Accept(","));
            Expect(")");
            text = $"{text}({string.Join(",", args)})";
        }

        return DataType.TryParse(text, out var type)
            ? type
            : throw new SqlParseException(
                $"unknown type '{text}'; use one of boolean, int, bigint, double, decimal(p,s), string, date, timestamp",
                start.Line, start.Column, start.Text, _sql);
    }
}
