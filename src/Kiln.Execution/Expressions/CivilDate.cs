using System.Runtime.CompilerServices;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01 (Howard Hinnant's civil_from_days and
/// days_from_civil): a few integer divisions per row, no <see cref="DateTime"/>.
/// </summary>
internal static class CivilDate
{
    public const long MicrosPerDay = 86_400_000_000L;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int Year, int Month, int Day) FromDays(int days)
    {
        var z = (long)days + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        var y = (int)(yoe + (era * 400)) + (m <= 2 ? 1 : 0);
        return (y, m, d);
    }

    public static long ToDays(long year, int month, int day)
    {
        var y = year - (month <= 2 ? 1 : 0);
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    public static bool IsLeapYear(long y) => y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days since the epoch of a timestamp in microseconds (floor, so instants before 1970 fall on the right day).</summary>
    public static int DaysOfMicros(long micros) => (int)FloorDiv(micros, MicrosPerDay);

    public static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }
}
