using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Parsing;

/// <summary>
/// A hand-written recursive-descent parser from SQL text to <see cref="StatementAst"/>. This file holds
/// statements, queries and FROM clauses; <c>SqlParser.Expressions.cs</c> holds scalar expressions.
/// </summary>
/// <remarks>
/// Grammar (simplified):
/// <code>
/// statement := query | CREATE [OR REPLACE] TEMP[ORARY] VIEW name [(columns)] AS query
///            | CREATE [OR REPLACE] [TEMP] TABLE|VIEW name USING format [PARTITIONED BY (cols)] [OPTIONS (k 'v', ...)] [LOCATION 'p'] [AS query]
/// query     := [WITH name [(columns)] AS (query), ...] body [ORDER BY item, ...] [LIMIT n]
/// body      := term (UNION [ALL|DISTINCT] term)*
/// term      := select | (query)
/// select    := SELECT [DISTINCT|ALL] items [FROM relation, ...] [WHERE e] [GROUP BY e, ...] [HAVING e] [WINDOW name AS (spec), ...]
/// relation  := primary (join_type JOIN primary [ON e | USING (cols)])*
/// primary   := name [[AS] alias [(columns)]] | format.`path` [[AS] alias [(columns)]] | (query) [[AS] alias [(columns)]] | (relation)
/// </code>
/// Errors are <see cref="SqlParseException"/>s pointing at the first token that does not fit. One instance parses one text.
/// </remarks>
internal sealed partial class SqlParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "ALL",
        "JOIN", "ON", "USING", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "SEMI", "ANTI", "AS", "AND", "OR",
        "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "WITH", "DISTINCT",
        "ASC", "DESC", "NULLS", "TRUE", "FALSE", "EXISTS", "INTERVAL", "CREATE", "NATURAL", "OVER", "WINDOW",
    };

    /// <summary>Formats that can be read straight from a path in FROM: <c>parquet.`/data/t`</c>.</summary>
    private static readonly HashSet<string> FileFormats = new(StringComparer.OrdinalIgnoreCase) { "parquet", "csv", "json" };

    private readonly string _sql;
    private readonly List<Token> _tokens;
    private int _pos;

    private SqlParser(string sql)
    {
        _sql = sql;
        _tokens = SqlLexer.Tokenize(sql);
    }

    public static StatementAst ParseStatement(string sql)
    {
        var parser = new SqlParser(sql);
        var statement = parser.Statement();
        parser.Accept(";");
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Error("expected the end of the statement");
        }

        return statement;
    }

    private Token Current => _tokens[_pos];

    private Token PeekToken(int ahead = 1) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private Token Advance() => _tokens[_pos++ < _tokens.Count - 1 ? _pos - 1 : _tokens.Count - 1];

    private bool AcceptKeyword(string keyword)
    {
        if (Current.Is(keyword))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool Accept(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!AcceptKeyword(keyword))
        {
            throw Error($"expected {keyword}");
        }
    }

    private void Expect(string symbol)
    {
        if (!Accept(symbol))
        {
            throw Error($"expected '{symbol}'");
        }
    }

    private SqlParseException Error(string expected, Token? at = null)
    {
        var token = at ?? Current;
        return new SqlParseException($"{expected}, but found {token.Display}", token.Line, token.Column, token.Kind == TokenKind.End ? "end of input" : token.Text, _sql);
    }

    private SqlParseException NotSupported(string what, Token at) =>
        new($"{what} {(what.EndsWith('s') ? "are" : "is")} not supported yet", at.Line, at.Column, at.Text, _sql);

    private string Identifier(string what)
    {
        var t = Current;
        if (t.Kind == TokenKind.QuotedIdentifier || (t.Kind == TokenKind.Identifier && !Reserved.Contains(t.Text)))
        {
            _pos++;
            return t.Text;
        }

        throw Error($"expected {what}");
    }

    private bool AtIdentifier => Current.Kind == TokenKind.QuotedIdentifier || (Current.Kind == TokenKind.Identifier && !Reserved.Contains(Current.Text));

    private StatementAst Statement()
    {
        if (AcceptKeyword("CREATE"))
        {
            var replace = false;
            if (AcceptKeyword("OR"))
            {
                ExpectKeyword("REPLACE");
                replace = true;
            }

            var temp = AcceptKeyword("TEMP") || AcceptKeyword("TEMPORARY");
            var table = AcceptKeyword("TABLE");
            if (!table)
            {
                ExpectKeyword("VIEW");
            }

            var position = Current;
            var name = Identifier(table ? "a table name" : "a view name");
            if (AcceptKeyword("USING"))
            {
                return CreateTableUsing(name, replace, isView: !table, position);
            }

            if (table)
            {
                throw Error("expected USING and a data source format (CREATE TABLE t USING parquet OPTIONS (path '...') [AS SELECT ...])");
            }

            if (!temp)
            {
                throw Error("expected USING (only temporary views, or views over files with USING, can be created)", position);
            }

            var columns = Current.IsSymbol("(") ? ColumnList() : null;
            ExpectKeyword("AS");
            return new CreateViewAst(name, columns, Query(), replace, position);
        }

        if (!Current.Is("SELECT") && !Current.Is("WITH") && !Current.IsSymbol("("))
        {
            throw Error("expected SELECT, WITH, CREATE TEMP VIEW or CREATE TABLE ... USING");
        }

        return new QueryStatementAst(Query());
    }

    private QueryAst Query()
    {
        var ctes = new List<CteAst>();
        if (AcceptKeyword("WITH"))
        {
            if (Current.Is("RECURSIVE"))
            {
                throw NotSupported("recursive WITH", Current);
            }

            do
            {
                var position = Current;
                var name = Identifier("a name for the WITH query");
                var columns = Current.IsSymbol("(") ? ColumnList() : null;
                ExpectKeyword("AS");
                Expect("(");
                var query = Query();
                Expect(")");
                ctes.Add(new CteAst(name, columns, query, position));
            }
            while (Accept(","));
        }

        var body = QueryBody();
        var order = new List<OrderItemAst>();
        if (AcceptKeyword("ORDER"))
        {
            ExpectKeyword("BY");
            do
            {
                order.Add(OrderItem());
            }
            while (Accept(","));
        }

        int? limit = null;
        if (AcceptKeyword("LIMIT"))
        {
            var t = Current;
            if (t.Kind != TokenKind.Integer || !int.TryParse(t.Text, out var n))
            {
                throw Error("expected a row count (a non-negative integer) after LIMIT");
            }

            _pos++;
            limit = n;
        }

        return new QueryAst(ctes, body, order, limit);
    }

    private OrderItemAst OrderItem()
    {
        var expr = Expression();
        var ascending = !AcceptKeyword("DESC");
        if (ascending)
        {
            AcceptKeyword("ASC");
        }

        bool? nullsFirst = null;
        if (AcceptKeyword("NULLS"))
        {
            nullsFirst = AcceptKeyword("FIRST") ? true : AcceptKeyword("LAST") ? false : throw Error("expected FIRST or LAST after NULLS");
        }

        return new OrderItemAst(expr, ascending, nullsFirst);
    }

    private QueryBodyAst QueryBody()
    {
        var left = QueryTerm();
        while (true)
        {
            if (Current.Is("EXCEPT") || Current.Is("INTERSECT") || Current.Is("MINUS"))
            {
                throw NotSupported($"{Current.Text.ToUpperInvariant()}", Current);
            }

            var union = Current;
            if (!AcceptKeyword("UNION"))
            {
                return left;
            }

            var all = AcceptKeyword("ALL");
            if (!all)
            {
                AcceptKeyword("DISTINCT");
            }

            left = new UnionAst(left, QueryTerm(), all, union);
        }
    }

    private QueryBodyAst QueryTerm()
    {
        if (Accept("("))
        {
            var query = Query();
            Expect(")");
            return new NestedQueryAst(query);
        }

        if (!Current.Is("SELECT"))
        {
            throw Error("expected SELECT");
        }

        return Select();
    }

    private SelectAst Select()
    {
        ExpectKeyword("SELECT");
        var distinct = AcceptKeyword("DISTINCT");
        if (!distinct)
        {
            AcceptKeyword("ALL");
        }

        var items = new List<SelectItemAst>();
        do
        {
            items.Add(SelectItem());
        }
        while (Accept(","));

        RelationAst? from = null;
        if (AcceptKeyword("FROM"))
        {
            from = Relation();
            while (Accept(","))
            {
                from = new JoinAst(from, Relation(), JoinType.Cross, null, null);
            }
        }

        var where = AcceptKeyword("WHERE") ? Expression() : null;
        var groupBy = new List<Expr>();
        if (AcceptKeyword("GROUP"))
        {
            ExpectKeyword("BY");
            do
            {
                groupBy.Add(Expression());
            }
            while (Accept(","));
        }

        var having = AcceptKeyword("HAVING") ? Expression() : null;
        var windows = WindowClause();
        items = items.Select(i => i with { Expr = BindNamedWindows(i.Expr, windows) }).ToList();
        return new SelectAst(distinct, items, from, where, groupBy, having);
    }

    private SelectItemAst SelectItem()
    {
        var start = Current;
        if (Accept("*"))
        {
            return new SelectItemAst(new ColumnRef("*") { Position = start.Where }, null);
        }

        if (AtIdentifier && PeekToken().IsSymbol(".") && PeekToken(2).IsSymbol("*"))
        {
            var qualifier = Identifier("a table name");
            _pos += 2;
            return new SelectItemAst(new ColumnRef("*", qualifier) { Position = start.Where }, null);
        }

        var expr = Expression();
        string? alias = null;
        if (AcceptKeyword("AS") || AtIdentifier)
        {
            alias = Identifier("an alias after AS");
        }

        return new SelectItemAst(expr, alias);
    }

    private RelationAst Relation()
    {
        var left = RelationPrimary();
        while (true)
        {
            var start = Current;
            if (Current.Is("NATURAL"))
            {
                throw NotSupported("NATURAL JOIN", Current);
            }

            JoinType? type = null;
            if (AcceptKeyword("JOIN"))
            {
                type = JoinType.Inner;
            }
            else if (AcceptKeyword("INNER"))
            {
                type = JoinType.Inner;
            }
            else if (AcceptKeyword("CROSS"))
            {
                type = JoinType.Cross;
            }
            else if (AcceptKeyword("LEFT"))
            {
                type = AcceptKeyword("SEMI") ? JoinType.LeftSemi : AcceptKeyword("ANTI") ? JoinType.LeftAnti : JoinType.LeftOuter;
            }
            else if (AcceptKeyword("RIGHT"))
            {
                type = JoinType.RightOuter;
            }
            else if (AcceptKeyword("FULL"))
            {
                type = JoinType.FullOuter;
            }

            if (type is null)
            {
                return left;
            }

            if (!start.Is("JOIN"))
            {
                if (type is JoinType.LeftOuter or JoinType.RightOuter or JoinType.FullOuter)
                {
                    AcceptKeyword("OUTER");
                }

                ExpectKeyword("JOIN");
            }

            var right = RelationPrimary();
            Expr? condition = null;
            IReadOnlyList<Token>? usingColumns = null;
            if (type != JoinType.Cross && AcceptKeyword("ON"))
            {
                condition = Expression();
            }
            else if (type != JoinType.Cross && AcceptKeyword("USING"))
            {
                Expect("(");
                var names = new List<Token>();
                do
                {
                    names.Add(Current);
                    Identifier("a column name");
                }
                while (Accept(","));
                Expect(")");
                usingColumns = names;
            }
            else if (type != JoinType.Cross && type != JoinType.Inner)
            {
                throw Error($"expected ON or USING after the right side of the {type} join");
            }

            left = new JoinAst(left, right, type.Value, condition, usingColumns);
        }
    }

    private RelationAst RelationPrimary()
    {
        var open = Current;
        if (Accept("("))
        {
            if (Current.Is("SELECT") || Current.Is("WITH") || (Current.IsSymbol("(") && StartsQuery()))
            {
                var query = Query();
                Expect(")");
                var alias = OptionalAlias();
                return new SubqueryAst(query, alias, alias is not null && Current.IsSymbol("(") ? ColumnList() : null, open);
            }

            var inner = Relation();
            Expect(")");
            return inner;
        }

        var position = Current;
        if (Current.Kind == TokenKind.Identifier && PeekToken().IsSymbol(".") && PeekToken(2).Kind == TokenKind.QuotedIdentifier
            && FileFormats.Contains(Current.Text))
        {
            var format = Advance().Text.ToLowerInvariant();
            Advance();
            var path = Advance().Text;
            var fileAlias = OptionalAlias();
            return new FileTableAst(format, path, fileAlias, fileAlias is not null && Current.IsSymbol("(") ? ColumnList() : null, position);
        }

        var name = Identifier("a table name");
        while (Accept("."))
        {
            name = $"{name}.{Identifier("a table name")}";
        }

        var tableAlias = OptionalAlias();
        return new TableAst(name, tableAlias, tableAlias is not null && Current.IsSymbol("(") ? ColumnList() : null, position);
    }

    /// <summary><c>(a, b, ...)</c>: column names for a view, a WITH query or a FROM item.</summary>
    private List<string> ColumnList()
    {
        Expect("(");
        var names = new List<string>();
        do
        {
            names.Add(Identifier("a column name"));
        }
        while (Accept(","));
        Expect(")");
        return names;
    }

    private bool StartsQuery()
    {
        var i = _pos;
        while (_tokens[i].IsSymbol("("))
        {
            i++;
        }

        return _tokens[i].Is("SELECT") || _tokens[i].Is("WITH");
    }

    private string? OptionalAlias() => AcceptKeyword("AS") || AtIdentifier ? Identifier("an alias") : null;
}
