using System.Globalization;
using Kiln.Plan.Expressions;
using Kiln.Plan.Windows;

namespace Kiln.Sql.Parsing;

/// <summary>
/// Window syntax: <c>function OVER (spec)</c>, <c>function OVER name</c> and the SELECT's <c>WINDOW name AS (spec)</c>.
/// <code>
/// spec  := [PARTITION BY e, ...] [ORDER BY item, ...] [frame]
/// frame := ROWS|RANGE bound | ROWS|RANGE BETWEEN bound AND bound
/// bound := UNBOUNDED PRECEDING | UNBOUNDED FOLLOWING | CURRENT ROW | integer PRECEDING | integer FOLLOWING
/// </code>
/// GROUPS frames, EXCLUDE, IGNORE/RESPECT NULLS and non-integer offsets are refused as not supported, at their token.
/// </summary>
internal sealed partial class SqlParser
{
    /// <summary>Parses what follows a call: OVER and its window, or nothing. Window-only functions must have OVER.</summary>
    private Expr MaybeOver(Expr call, Token nameToken)
    {
        if (Current.Is("IGNORE") || Current.Is("RESPECT"))
        {
            throw NotSupported($"{Current.Text.ToUpperInvariant()} NULLS in window functions", Current);
        }

        var kind = call is FunctionCall f ? WindowFunctionExpr.KindOf(f.Name) : null;
        if (!AcceptKeyword("OVER"))
        {
            if (kind is not null)
            {
                throw new SqlParseException($"window function {nameToken.Text.ToLowerInvariant()}() needs an OVER clause", nameToken.Line, nameToken.Column, nameToken.Text, _sql);
            }

            return call;
        }

        var function = kind is { } k ? new WindowFunctionExpr(k, ((FunctionCall)call).Args) { Position = nameToken.Where } : call;
        if (function is not (AggregateExpr or WindowFunctionExpr))
        {
            throw new SqlParseException(
                $"'{nameToken.Text}' is not a window function or an aggregate, so it cannot be used with OVER",
                nameToken.Line,
                nameToken.Column,
                nameToken.Text,
                _sql);
        }

        if (AtIdentifier)
        {
            var name = Current;
            _pos++;
            return new NamedWindowExpr(function, name.Text, name) { Position = nameToken.Where };
        }

        Expect("(");
        var spec = WindowSpecBody();
        Expect(")");
        return new WindowExpr(function, spec) { Position = nameToken.Where };
    }

    /// <summary><c>WINDOW name AS (spec), ...</c> after HAVING.</summary>
    private Dictionary<string, WindowSpec> WindowClause()
    {
        var windows = new Dictionary<string, WindowSpec>(StringComparer.OrdinalIgnoreCase);
        if (!AcceptKeyword("WINDOW"))
        {
            return windows;
        }

        do
        {
            var nameToken = Current;
            var name = Identifier("a window name");
            ExpectKeyword("AS");
            Expect("(");
            if (!windows.TryAdd(name, WindowSpecBody()))
            {
                throw new SqlParseException($"window '{name}' is defined twice", nameToken.Line, nameToken.Column, nameToken.Text, _sql);
            }

            Expect(")");
        }
        while (Accept(","));
        return windows;
    }

    /// <summary>Replaces each <c>OVER name</c> in <paramref name="expr"/> with the window the WINDOW clause defines.</summary>
    private Expr BindNamedWindows(Expr expr, Dictionary<string, WindowSpec> windows) => expr.Transform(e =>
    {
        if (e is not NamedWindowExpr named)
        {
            return e;
        }

        if (!windows.TryGetValue(named.Name, out var spec))
        {
            var t = named.NameToken;
            var known = windows.Count == 0 ? "the query has no WINDOW clause" : $"defined: {string.Join(", ", windows.Keys)}";
            throw new SqlParseException($"window '{named.Name}' is not defined ({known})", t.Line, t.Column, t.Text, _sql);
        }

        return new WindowExpr(named.Function, spec) { Position = named.Position };
    });

    private WindowSpec WindowSpecBody()
    {
        if (AtIdentifier && !Current.Is("PARTITION") && !Current.Is("ROWS") && !Current.Is("RANGE") && !Current.Is("GROUPS"))
        {
            throw NotSupported("a window name inside a window specification", Current);
        }

        var partitionBy = new List<Expr>();
        if (AcceptKeyword("PARTITION"))
        {
            ExpectKeyword("BY");
            do
            {
                partitionBy.Add(Expression());
            }
            while (Accept(","));
        }

        var orderBy = new List<SortOrder>();
        if (AcceptKeyword("ORDER"))
        {
            ExpectKeyword("BY");
            do
            {
                var item = OrderItem();
                orderBy.Add(new SortOrder(item.Expr, item.Ascending, item.NullsFirst));
            }
            while (Accept(","));
        }

        return new WindowSpec(partitionBy, orderBy, Frame());
    }

    private WindowFrame? Frame()
    {
        if (Current.Is("GROUPS"))
        {
            throw NotSupported("GROUPS window frames", Current);
        }

        FrameType type;
        if (AcceptKeyword("ROWS"))
        {
            type = FrameType.Rows;
        }
        else if (AcceptKeyword("RANGE"))
        {
            type = FrameType.Range;
        }
        else
        {
            return null;
        }

        WindowFrame frame;
        if (AcceptKeyword("BETWEEN"))
        {
            var lowerToken = Current;
            var lower = FrameBound();
            if (lower == WindowFrame.UnboundedFollowing)
            {
                throw Error("expected a frame start (UNBOUNDED FOLLOWING can only end a frame)", lowerToken);
            }

            ExpectKeyword("AND");
            var upperToken = Current;
            var upper = FrameBound();
            if (upper == WindowFrame.UnboundedPreceding)
            {
                throw Error("expected a frame end (UNBOUNDED PRECEDING can only start a frame)", upperToken);
            }

            frame = new WindowFrame(type, lower, upper);
        }
        else
        {
            var startToken = Current;
            var lower = FrameBound();
            if (lower == WindowFrame.UnboundedFollowing || lower > 0)
            {
                throw Error("expected a frame start before the current row (a single bound starts a frame that ends at CURRENT ROW)", startToken);
            }

            frame = new WindowFrame(type, lower, WindowFrame.CurrentRow);
        }

        if (Current.Is("EXCLUDE"))
        {
            throw NotSupported("EXCLUDE in a window frame", Current);
        }

        return frame;
    }

    private long FrameBound()
    {
        if (AcceptKeyword("UNBOUNDED"))
        {
            return AcceptKeyword("PRECEDING") ? WindowFrame.UnboundedPreceding
                : AcceptKeyword("FOLLOWING") ? WindowFrame.UnboundedFollowing
                : throw Error("expected PRECEDING or FOLLOWING after UNBOUNDED");
        }

        if (AcceptKeyword("CURRENT"))
        {
            ExpectKeyword("ROW");
            return WindowFrame.CurrentRow;
        }

        var t = Current;
        if (t.Kind is TokenKind.Decimal or TokenKind.Double || t.Is("INTERVAL"))
        {
            throw NotSupported($"frame offsets other than integer constants ({t.Text})", t);
        }

        if (t.Kind != TokenKind.Integer || !long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset == long.MaxValue)
        {
            throw Error("expected UNBOUNDED, CURRENT ROW or an integer followed by PRECEDING or FOLLOWING");
        }

        _pos++;
        return AcceptKeyword("PRECEDING") ? -offset
            : AcceptKeyword("FOLLOWING") ? offset
            : throw Error("expected PRECEDING or FOLLOWING after the frame offset");
    }
}
