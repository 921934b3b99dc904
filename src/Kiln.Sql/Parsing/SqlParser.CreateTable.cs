namespace Kiln.Sql.Parsing;

/// <summary>
/// <c>CREATE [OR REPLACE] [TEMP] TABLE|VIEW name USING format [PARTITIONED BY (cols)] [OPTIONS (key 'value', ...)]
/// [LOCATION 'path'] [AS query]</c>: a table over files (Spark's data source tables), the clauses in any order.
/// </summary>
internal sealed partial class SqlParser
{
    private CreateTableAst CreateTableUsing(string name, bool replace, bool isView, Token position)
    {
        var format = Identifier("a data source format (parquet, csv or json)");
        var partitionBy = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? location = null;
        while (true)
        {
            if (AcceptKeyword("PARTITIONED"))
            {
                ExpectKeyword("BY");
                partitionBy.AddRange(ColumnList());
            }
            else if (AcceptKeyword("OPTIONS"))
            {
                Expect("(");
                do
                {
                    var key = Current.Kind == TokenKind.String ? Advance().Text : Identifier("an option name");
                    while (Accept("."))
                    {
                        key = $"{key}.{Identifier("an option name")}";
                    }

                    Accept("=");
                    options[key] = OptionValue();
                }
                while (Accept(","));
                Expect(")");
            }
            else if (AcceptKeyword("LOCATION"))
            {
                location = Current.Kind == TokenKind.String ? Advance().Text : throw Error("expected the location as a string");
            }
            else
            {
                break;
            }
        }

        QueryAst? query = null;
        if (AcceptKeyword("AS"))
        {
            if (isView)
            {
                throw Error("a view USING a data source reads its files; use CREATE TABLE ... USING ... AS to write a query's rows", Current);
            }

            query = Query();
        }

        return new CreateTableAst(name, format.ToLowerInvariant(), partitionBy, options, location, query, replace, position);
    }

    private string OptionValue()
    {
        var t = Current;
        if (t.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Decimal or TokenKind.Double || t.Is("TRUE") || t.Is("FALSE"))
        {
            _pos++;
            return t.Kind == TokenKind.Identifier ? t.Text.ToLowerInvariant() : t.Text;
        }

        throw Error("expected an option value (a string, number, true or false)");
    }
}
