namespace Kiln.TpcH.Tests;

/// <summary>Paths in the source tree, found from the test assembly's location (the directory holding Kiln.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Bench => Path.Combine(Root, "bench");

    public static string DuckDbRunner => Path.Combine(Bench, "tpch-duckdb.mjs");

    public static string Queries => Path.Combine(Root, "src", "Kiln.TpcH", "Queries");

    public static string Approved => Path.Combine(Root, "tests", "Kiln.TpcH.Tests", "approved");

    /// <summary>Generated data and DuckDB answers, reused across runs: KILN_TPCH_CACHE, else .cache/tpch in the checkout.</summary>
    public static string Cache => Environment.GetEnvironmentVariable("KILN_TPCH_CACHE") is { Length: > 0 } dir
        ? dir
        : Path.Combine(Root, ".cache", "tpch");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kiln.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"cannot find the repository root (Kiln.sln) above {AppContext.BaseDirectory}");
    }
}
