namespace Kiln.TpcH;

/// <summary>The four column types TPC-H uses (clause 1.3.1): identifiers and integers, money, dates and text.</summary>
public enum TpchColumnType
{
    /// <summary>A 32-bit integer: keys, sizes, quantities of stock, line numbers.</summary>
    Integer,

    /// <summary>A decimal(15,2): money, quantities, discounts and taxes.</summary>
    Decimal,

    /// <summary>A calendar date, written as ISO <c>YYYY-MM-DD</c>.</summary>
    Date,

    /// <summary>A variable-length string.</summary>
    Text,
}
