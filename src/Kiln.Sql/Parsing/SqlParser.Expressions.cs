using System.Globalization;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Sql.Parsing;

/// <summary>
/// Scalar expressions, lowest precedence first: OR, AND, NOT, predicates (comparison, IS NULL, BETWEEN, IN,
/// LIKE), + - ||, * / %, unary minus, primaries (literals, CASE, CAST, EXTRACT, SUBSTRING, calls, columns,
/// subqueries). Every node records where it was written (<see cref="Expr.Position"/>): operators at the operator,
/// calls at the function name, columns at their first name, subqueries at SELECT, EXISTS or IN.
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
                interval.Start.Line, interval.Start.Column, interval.Start.Text, _sql);
        }

        return expr;
    }

    private Expr Or()
    {
        var left = And();
        while (Current.Is("OR"))
        {
            var op = Advance();
            left = new BinaryExpr(BinaryOp.Or, left, And()) { Position = op.Where };
        }

        return left;
    }

    private Expr And()
    {
        var left = Not();
        while (Current.Is("AND"))
        {
            var op = Advance();
            left = new BinaryExpr(BinaryOp.And, left, Not()) { Position = op.Where };
        }

        return left;
    }

    private Expr Not()
    {
        var start = Current;
        return AcceptKeyword("NOT") ? new UnaryExpr(UnaryOp.Not, Not()) { Position = start.Where } : Predicate();
    }

    private Expr Predicate()
    {
        var left = Additive();
        while (true)
        {
            var start = Current;
            if (ComparisonOp() is { } op)
            {
                left = new BinaryExpr(op, left, Additive()) { Position = start.Where };
                continue;
            }

            if (AcceptKeyword("IS"))
            {
                var not = AcceptKeyword("NOT");
                ExpectKeyword("NULL");
                left = new UnaryExpr(not ? UnaryOp.IsNotNull : UnaryOp.IsNull, left) { Position = start.Where };
                continue;
            }

            var negated = Current.Is("NOT") && (PeekToken().Is("BETWEEN") || PeekToken().Is("IN") || PeekToken().Is("LIKE"));
            if (negated)
            {
                _pos++;
            }

            var keyword = Current;
            var at = keyword.Where;
            if (AcceptKeyword("BETWEEN"))
            {
                var low = Additive();
                ExpectKeyword("AND");
                var high = Additive();
                Expr between = new BinaryExpr(
                    BinaryOp.And,
                    new BinaryExpr(BinaryOp.GreaterThanOrEqual, left, low) { Position = at },
                    new BinaryExpr(BinaryOp.LessThanOrEqual, left, high) { Position = at })
                {
                    Position = at,
                };
                left = negated ? new UnaryExpr(UnaryOp.Not, between) { Position = start.Where } : between;
            }
            else if (AcceptKeyword("IN"))
            {
                Expect("(");
                if (Current.Is("SELECT") || Current.Is("WITH"))
                {
                    var query = Query();
                    Expect(")");
                    Expr inSubquery = new SubqueryExprAst(SubqueryKind.In, query, left) { Position = at };
                    left = negated ? new UnaryExpr(UnaryOp.Not, inSubquery) { Position = start.Where } : inSubquery;
                    continue;
                }

                var list = new List<Expr>();
                do
                {
                    list.Add(Expression());
                }
                while (Accept(","));
                Expect(")");
                left = new InExpr(left, list, negated) { Position = at };
            }
            else if (AcceptKeyword("LIKE"))
            {
                left = new LikeExpr(left, Additive(), negated) { Position = at };
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
                } with
                {
                    Position = opToken.Where,
                };
            }
            else if (Accept("||"))
            {
                left = new FunctionCall("concat", [left, Multiplicative()]) { Position = opToken.Where };
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
            var opToken = Current;
            BinaryOp? op = Accept("*") ? BinaryOp.Multiply : Accept("/") ? BinaryOp.Divide : Accept("%") ? BinaryOp.Modulo : null;
            if (op is null)
            {
                return left;
            }

            left = new BinaryExpr(op.Value, left, Unary()) { Position = opToken.Where };
        }
    }

    private Expr Unary()
    {
        var minus = Current;
        if (Accept("-"))
        {
            var operand = Unary();
            return operand switch
            {
                Literal { Value: int i } when i != int.MinValue => Literal.Of(-i) with { Position = minus.Where },
                Literal { Value: long l } when l == -(long)int.MinValue => Literal.Of(int.MinValue) with { Position = minus.Where },
                Literal { Value: long l } when l != long.MinValue => Literal.Of(-l) with { Position = minus.Where },
                Literal { Value: double d } => Literal.Of(-d) with { Position = minus.Where },
                Literal { Value: Int128 u } lit => lit with { Value = -u, Position = minus.Where },
                IntervalExpr iv => iv with { Amount = -iv.Amount },
                _ => new UnaryExpr(UnaryOp.Negate, operand) { Position = minus.Where },
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
                return NumberLiteral(t) with { Position = t.Where };
            case TokenKind.String:
                _pos++;
                return Literal.Of(t.Text) with { Position = t.Where };
            case TokenKind.Symbol when t.Text == "(":
                _pos++;
                if (Current.Is("SELECT") || Current.Is("WITH"))
                {
                    var start = Current;
                    var query = Query();
                    Expect(")");
                    return new SubqueryExprAst(SubqueryKind.Scalar, query, null) { Position = start.Where };
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
                return Literal.Null with { Position = t.Where };
            case "TRUE":
                _pos++;
                return Literal.True with { Position = t.Where };
            case "FALSE":
                _pos++;
                return Literal.False with { Position = t.Where };
            case "DATE" when next.Kind == TokenKind.String:
                _pos += 2;
                return DateOnly.TryParseExact(next.Text.Trim(), "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? Literal.Of(date) with { Position = t.Where }
                    : throw Error("expected a date as 'YYYY-MM-DD'", next);
            case "TIMESTAMP" when next.Kind == TokenKind.String:
                _pos += 2;
                return DateTime.TryParseExact(next.Text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var ts)
                    ? Literal.Of(DateTime.SpecifyKind(ts, DateTimeKind.Utc)) with { Position = t.Where }
                    : throw Error("expected a timestamp as 'YYYY-MM-DD HH:MM:SS[.ffffff]'", next);
            case "INTERVAL":
                return Interval();
            case "CASE":
                return Case() with { Position = t.Where };
            case "CAST" when next.IsSymbol("("):
                return Cast() with { Position = t.Where };
            case "EXTRACT" when next.IsSymbol("("):
                return Extract() with { Position = t.Where };
            case "EXISTS" when next.IsSymbol("("):
                {
                    _pos += 2;
                    if (!Current.Is("SELECT") && !Current.Is("WITH"))
                    {
                        throw Error("expected a query (SELECT ...) after EXISTS (");
                    }

                    var query = Query();
                    Expect(")");
                    return new SubqueryExprAst(SubqueryKind.Exists, query, null) { Position = t.Where };
                }
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
            return MaybeOver(Call(name, nameToken) with { Position = nameToken.Where }, nameToken);
        }

        if (!Accept("."))
        {
            return new ColumnRef(name) { Position = nameToken.Where };
        }

        var column = Identifier("a column name after '.'");
        if (Current.IsSymbol("."))
        {
            throw Error("expected a column as name or table.name");
        }

        return new ColumnRef(column, name) { Position = nameToken.Where };
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
