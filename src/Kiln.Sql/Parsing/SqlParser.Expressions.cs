using System.Globalization;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Sql.Parsing;

/// <summary>
/// Scalar expressions, lowest precedence first: OR, AND, NOT, predicates (comparison, IS NULL, BETWEEN, IN,
/// LIKE), + - ||, * / %, unary minus, primaries (literals, CASE, CAST, EXTRACT, SUBSTRING, calls, columns).
/// </summary>
internal sealed partial class SqlParser
{
    private static readonly HashSet<string> AggregateNames = new(StringComparer.OrdinalIgnoreCase) { "count", "sum", "avg", "min", "max" };

    /// <summary>A complete expression; a stray INTERVAL (not added to a date) is rejected here.</summary>
    private Expr Expression()
    {
        var expr = Or();
        if (expr.Descendants().OfType<IntervalExpr>().FirstOrDefault() is { } interval)
        {
            throw new SqlParseException(
                "an INTERVAL can only be added to or subtracted from a date, as in d + INTERVAL '3' DAY",
                interval.Position.Line, interval.Position.Column, interval.Position.Text, _sql);
        }

        return expr;
    }

    private Expr Or()
    {
        var left = And();
        while (AcceptKeyword("OR"))
        {
            left = new BinaryExpr(BinaryOp.Or, left, And());
        }

        return left;
    }

    private Expr And()
    {
        var left = Not();
        while (AcceptKeyword("AND"))
        {
            left = new BinaryExpr(BinaryOp.And, left, Not());
        }

        return left;
    }

    private Expr Not() => AcceptKeyword("NOT") ? new UnaryExpr(UnaryOp.Not, Not()) : Predicate();

    private Expr Predicate()
    {
        var left = Additive();
        while (true)
        {
            if (ComparisonOp() is { } op)
            {
                left = new BinaryExpr(op, left, Additive());
                continue;
            }

            if (AcceptKeyword("IS"))
            {
                var not = AcceptKeyword("NOT");
                ExpectKeyword("NULL");
                left = new UnaryExpr(not ? UnaryOp.IsNotNull : UnaryOp.IsNull, left);
                continue;
            }

            var negated = Current.Is("NOT") && (PeekToken().Is("BETWEEN") || PeekToken().Is("IN") || PeekToken().Is("LIKE"));
            if (negated)
            {
                _pos++;
            }

            if (AcceptKeyword("BETWEEN"))
            {
                var low = Additive();
                ExpectKeyword("AND");
                var high = Additive();
                Expr between = new BinaryExpr(BinaryOp.And, new BinaryExpr(BinaryOp.GreaterThanOrEqual, left, low), new BinaryExpr(BinaryOp.LessThanOrEqual, left, high));
                left = negated ? new UnaryExpr(UnaryOp.Not, between) : between;
            }
            else if (AcceptKeyword("IN"))
            {
                Expect("(");
                if (Current.Is("SELECT") || Current.Is("WITH"))
                {
                    throw NotSupported("IN (subquery)", Current);
                }

                var list = new List<Expr>();
                do
                {
                    list.Add(Expression());
                }
                while (Accept(","));
                Expect(")");
                left = new InExpr(left, list, negated);
            }
            else if (AcceptKeyword("LIKE"))
            {
                left = new LikeExpr(left, Additive(), negated);
            }
            else
            {
                return left;
            }
        }
    }

    private BinaryOp? ComparisonOp()
    {
        if (Current.Kind != TokenKind.Symbol)
        {
            return null;
        }

        BinaryOp? op = Current.Text switch
        {
            "=" or "==" => BinaryOp.Equal,
            "!=" or "<>" => BinaryOp.NotEqual,
            "<" => BinaryOp.LessThan,
            "<=" => BinaryOp.LessThanOrEqual,
            ">" => BinaryOp.GreaterThan,
            ">=" => BinaryOp.GreaterThanOrEqual,
            "<=>" => BinaryOp.NullSafeEqual,
            _ => null,
        };
        if (op is not null)
        {
            _pos++;
        }

        return op;
    }

    private Expr Additive()
    {
        var left = Multiplicative();
        while (true)
        {
            var opToken = Current;
            if (Accept("+") || Accept("-"))
            {
                var right = Multiplicative();
                var subtract = opToken.Text == "-";
                left = (left, right) switch
                {
                    (_, IntervalExpr i) when left is not IntervalExpr => DateArithmetic.Apply(left, i, subtract, _sql),
                    (IntervalExpr i, _) when !subtract => DateArithmetic.Apply(right, i, false, _sql),
                    _ => new BinaryExpr(subtract ? BinaryOp.Subtract : BinaryOp.Add, left, right),
                };
            }
            else if (Accept("||"))
            {
                left = new FunctionCall("concat", [left, Multiplicative()]);
            }
            else
            {
                return left;
            }
        }
    }

    private Expr Multiplicative()
    {
        var left = Unary();
        while (true)
        {
            BinaryOp? op = Accept("*") ? BinaryOp.Multiply : Accept("/") ? BinaryOp.Divide : Accept("%") ? BinaryOp.Modulo : null;
            if (op is null)
            {
                return left;
            }

            left = new BinaryExpr(op.Value, left, Unary());
        }
    }

    private Expr Unary()
    {
        if (Accept("-"))
        {
            var operand = Unary();
            return operand switch
            {
                Literal { Value: int i } when i != int.MinValue => Literal.Of(-i),
                Literal { Value: long l } when l == -(long)int.MinValue => Literal.Of(int.MinValue),
                Literal { Value: long l } when l != long.MinValue => Literal.Of(-l),
                Literal { Value: double d } => Literal.Of(-d),
                Literal { Value: Int128 u } lit => lit with { Value = -u },
                IntervalExpr iv => iv with { Amount = -iv.Amount },
                _ => new UnaryExpr(UnaryOp.Negate, operand),
            };
        }

        Accept("+");
        return Primary();
    }

    private Expr Primary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Integer or TokenKind.Decimal or TokenKind.Double:
                _pos++;
                return NumberLiteral(t);
            case TokenKind.String:
                _pos++;
                return Literal.Of(t.Text);
            case TokenKind.Symbol when t.Text == "(":
                _pos++;
                if (Current.Is("SELECT") || Current.Is("WITH"))
                {
                    throw NotSupported("scalar subqueries", Current);
                }

                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Identifier:
                return KeywordPrimary(t) ?? NameOrCall();
            case TokenKind.QuotedIdentifier:
                return NameOrCall();
            default:
                throw Error("expected an expression");
        }
    }

    private Expr? KeywordPrimary(Token t)
    {
        var next = PeekToken();
        switch (t.Text.ToUpperInvariant())
        {
            case "NULL":
                _pos++;
                return Literal.Null;
            case "TRUE":
                _pos++;
                return Literal.True;
            case "FALSE":
                _pos++;
                return Literal.False;
            case "DATE" when next.Kind == TokenKind.String:
                _pos += 2;
                return DateOnly.TryParseExact(next.Text.Trim(), "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? Literal.Of(date)
                    : throw Error("expected a date as 'YYYY-MM-DD'", next);
            case "TIMESTAMP" when next.Kind == TokenKind.String:
                _pos += 2;
                return DateTime.TryParseExact(next.Text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var ts)
                    ? Literal.Of(DateTime.SpecifyKind(ts, DateTimeKind.Utc))
                    : throw Error("expected a timestamp as 'YYYY-MM-DD HH:MM:SS[.ffffff]'", next);
            case "INTERVAL":
                return Interval();
            case "CASE":
                return Case();
            case "CAST" when next.IsSymbol("("):
                return Cast();
            case "EXTRACT" when next.IsSymbol("("):
                return Extract();
            case "EXISTS" when next.IsSymbol("("):
                throw NotSupported("EXISTS (subquery)", t);
            case "NOT" or "AND" or "OR" or "FROM" or "WHERE" or "SELECT" or "GROUP" or "ORDER" or "HAVING" or "LIMIT" or "ON" or "AS" or "WHEN" or "THEN" or "ELSE" or "END":
                throw Error("expected an expression");
            default:
                return null;
        }
    }

    private CaseExpr Case()
    {
        _pos++;
        var operand = Current.Is("WHEN") ? null : Expression();
        var parts = new List<Expr>();
        while (AcceptKeyword("WHEN"))
        {
            var when = Expression();
            parts.Add(operand is null ? when : new BinaryExpr(BinaryOp.Equal, operand, when));
            ExpectKeyword("THEN");
            parts.Add(Expression());
        }

        if (parts.Count == 0)
        {
            throw Error("expected WHEN");
        }

        var hasElse = AcceptKeyword("ELSE");
        if (hasElse)
        {
            parts.Add(Expression());
        }

        ExpectKeyword("END");
        return new CaseExpr(parts, hasElse);
    }

    private CastExpr Cast()
    {
        _pos += 2;
        var value = Expression();
        ExpectKeyword("AS");
        var type = TypeName();
        Expect(")");
        return new CastExpr(value, type);
    }

    private FunctionCall Extract()
    {
        _pos += 2;
        var field = Current;
        var name = field.Kind == TokenKind.Identifier ? field.Text.ToUpperInvariant() : string.Empty;
        var function = name switch
        {
            "YEAR" => "year",
            "MONTH" => "month",
            "DAY" => "day",
            _ => throw Error("expected YEAR, MONTH or DAY"),
        };
        _pos++;
        ExpectKeyword("FROM");
        var value = Expression();
        Expect(")");
        return new FunctionCall(function, [value]);
    }

    private Expr NameOrCall()
    {
        var nameToken = Current;
        var name = Identifier("an expression");
        if (Accept("("))
        {
            return Call(name, nameToken);
        }

        if (!Accept("."))
        {
            return new ColumnRef(name);
        }

        var column = Identifier("a column name after '.'");
        if (Current.IsSymbol("."))
        {
            throw Error("expected a column as name or table.name");
        }

        return new ColumnRef(column, name);
    }

    private Expr Call(string name, Token nameToken)
    {
        var isAggregate = AggregateNames.Contains(name);
        if (isAggregate && Accept("*"))
        {
            if (!string.Equals(name, "count", StringComparison.OrdinalIgnoreCase))
            {
                throw Error($"expected an argument for {name} ('*' only works in count(*))", _tokens[_pos - 1]);
            }

            Expect(")");
            return new AggregateExpr(AggregateFunction.Count, null);
        }

        var distinctToken = Current;
        var distinct = AcceptKeyword("DISTINCT");
        if (distinct && !isAggregate)
        {
            throw Error($"expected an argument (DISTINCT only applies to aggregates, and {name} is not one)", distinctToken);
        }

        var args = new List<Expr>();
        if (!Current.IsSymbol(")"))
        {
            args.Add(Expression());
            if (name.Equals("substring", StringComparison.OrdinalIgnoreCase) || name.Equals("substr", StringComparison.OrdinalIgnoreCase))
            {
                if (AcceptKeyword("FROM"))
                {
                    args.Add(Expression());
                    if (AcceptKeyword("FOR"))
                    {
                        args.Add(Expression());
                    }
                }
            }

            while (Accept(","))
            {
                args.Add(Expression());
            }
        }

        Expect(")");
        if (!isAggregate)
        {
            return new FunctionCall(name, args);
        }

        if (args.Count != 1)
        {
            throw new SqlParseException($"{name.ToLowerInvariant()} takes one argument, but {args.Count} are given", nameToken.Line, nameToken.Column, nameToken.Text, _sql);
        }

        var function = Enum.Parse<AggregateFunction>(name, ignoreCase: true);
        return new AggregateExpr(function, args[0], distinct);
    }
}
