namespace Kiln.TpcH;

/// <summary>One column of a TPC-H table, with its type as Kiln and DuckDB spell it.</summary>
public sealed record TpchColumn(string Name, TpchColumnType Type)
{
    /// <summary>Kiln's DDL type: <c>int</c>, <c>decimal(15,2)</c>, <c>date</c> or <c>string</c>.</summary>
    public string KilnType => Type switch
    {
        TpchColumnType.Integer => "int",
        TpchColumnType.Decimal => "decimal(15,2)",
        TpchColumnType.Date => "date",
        _ => "string",
    };

    /// <summary>DuckDB's type for the same column, so both engines read the files with the same types.</summary>
    public string DuckDbType => Type switch
    {
        TpchColumnType.Integer => "INTEGER",
        TpchColumnType.Decimal => "DECIMAL(15,2)",
        TpchColumnType.Date => "DATE",
        _ => "VARCHAR",
    };
}
