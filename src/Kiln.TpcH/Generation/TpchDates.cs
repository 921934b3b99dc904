using System.Globalization;
using System.Text;

namespace Kiln.TpcH.Generation;

/// <summary>
/// Dates of the TPC-H calendar (clause 4.2.2.12) as day numbers since STARTDATE, 1992-01-01, with their ISO text
/// precomputed: orders fall in [STARTDATE, ENDDATE - 151 days], line items up to 151 days later.
/// </summary>
internal static class TpchDates
{
    public static readonly DateOnly StartDate = new(1992, 1, 1);

    /// <summary>ENDDATE, 1998-12-31, as a day number.</summary>
    public static readonly int EndDay = Day(new DateOnly(1998, 12, 31));

    /// <summary>CURRENTDATE, 1995-06-17, which separates returned and open line items.</summary>
    public static readonly int CurrentDay = Day(new DateOnly(1995, 6, 17));

    /// <summary>The last order date, ENDDATE - 151 days.</summary>
    public static readonly int LastOrderDay = EndDay - 151;

    private static readonly byte[][] IsoText = Enumerable.Range(0, EndDay + 200)
        .Select(d => Encoding.ASCII.GetBytes(StartDate.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
        .ToArray();

    public static int Day(DateOnly date) => date.DayNumber - StartDate.DayNumber;

    public static byte[] Iso(int day) => IsoText[day];
}
