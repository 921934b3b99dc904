namespace Kiln.DataSources.Tests;

/// <summary>A fact that runs only when <see cref="Variable"/> is set (benchmarks are too slow for every build).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public const string Variable = "KILN_CSV_BENCH_ROWS";

    public BenchmarkFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"set {Variable} to run benchmarks";
        }
    }
}
