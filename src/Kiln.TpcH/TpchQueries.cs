using System.Globalization;

namespace Kiln.TpcH;

/// <summary>
/// The 22 TPC-H queries with the specification's validation substitution parameters (clause 2.4), embedded as
/// <c>Queries/q01.sql</c> .. <c>q22.sql</c>. Each is one statement in SQL that Kiln and DuckDB both accept; where
/// the specification's text uses a form Kiln does not parse (a derived table's column list, Q15's view), the file
/// says how it is written instead.
/// </summary>
public static class TpchQueries
{
    public const int Count = 22;

    /// <summary>The output columns each query's ORDER BY sorts on, in order (none: one row, no ORDER BY).</summary>
    private static readonly int[][] OrderKeys =
    [
        [0, 1], [0, 2, 1, 3], [1, 2], [0], [1], [], [0, 1, 2], [0], [0, 1], [2], [1], [0], [1, 0], [], [0], [3, 0, 1, 2], [], [4, 3],
        [], [0], [1, 0], [0],
    ];

    private static readonly int[] Limited = [2, 3, 10, 18, 21];

    /// <summary>The query numbers, 1 to 22.</summary>
    public static IEnumerable<int> Numbers => Enumerable.Range(1, Count);

    /// <summary>The name of query <paramref name="number"/>: <c>q01</c> .. <c>q22</c>.</summary>
    public static string Name(int number) => string.Create(CultureInfo.InvariantCulture, $"q{Checked(number):D2}");

    /// <summary>The SQL text of query <paramref name="number"/>.</summary>
    public static string Get(int number)
    {
        var resource = $"Kiln.TpcH.Queries.{Name(number)}.sql";
        using var stream = typeof(TpchQueries).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded query {resource} is missing from {typeof(TpchQueries).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The output columns (0-based) that query <paramref name="number"/>'s ORDER BY sorts on, in order.</summary>
    public static IReadOnlyList<int> OrderKeyColumns(int number) => OrderKeys[Checked(number) - 1];

    /// <summary>Whether query <paramref name="number"/> ends in a LIMIT, which may cut a group of ties anywhere.</summary>
    public static bool HasLimit(int number) => Limited.Contains(Checked(number));

    /// <summary>Parses <c>q5</c>, <c>q05</c>, <c>Q5</c> or <c>5</c> into a query number.</summary>
    public static bool TryParse(string text, out int number)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.StartsWith('q') || text.StartsWith('Q') ? text[1..] : text;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number is >= 1 and <= Count;
    }

    private static int Checked(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, Count);
        return number;
    }
}
