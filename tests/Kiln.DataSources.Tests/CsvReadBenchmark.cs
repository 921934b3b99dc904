using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kiln.Common.Types;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;
using Xunit.Abstractions;

namespace Kiln.DataSources.Tests;

/// <summary>
/// Throughput of the CSV reader on a generated file of ints, doubles, short strings and dates. Runs only when
/// KILN_CSV_BENCH_ROWS is set: <c>KILN_CSV_BENCH_ROWS=10000000 dotnet test tests/Kiln.DataSources.Tests -c Release --filter CsvReadBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class CsvReadBenchmark(ITestOutputHelper output)
{
    [BenchmarkFact]
    public void Reads_generated_file()
    {
        var rows = int.Parse(Environment.GetEnvironmentVariable(BenchmarkFactAttribute.Variable)!, CultureInfo.InvariantCulture);
        var path = Path.Combine(Path.GetTempPath(), $"kiln-bench-{rows}.csv");
        if (!File.Exists(path))
        {
            Generate(path, rows);
        }

        var schema = Schema.ParseDdl("id bigint, qty int, price double, name string, day date");
        var options = new CsvOptions { Header = true };
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            long count = 0;
            using (var reader = new CsvSplitReader(FileSplit.WholeFile(path), schema, options, 8192))
            {
                while (reader.ReadBatch() is { } batch)
                {
                    count += batch.RowCount;
                }
            }

            watch.Stop();
            Assert.Equal(rows, count);
            output.WriteLine($"round {round}: {count} rows, {new FileInfo(path).Length >> 20} MiB in {watch.Elapsed.TotalSeconds:F2}s = {count / watch.Elapsed.TotalSeconds / 1e6:F2} M rows/s (one thread)");
        }
    }

    private static void Generate(string path, int rows)
    {
        var random = new Random(1);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("id,qty,price,name,day\n");
        var names = new[] { "apple", "banana", "cherry", "dürüm", "elderberry", "fig", "grape" };
        for (var i = 0; i < rows; i++)
        {
            var day = new DateOnly(2000, 1, 1).AddDays(random.Next(9000));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{i},{random.Next(1000)},{random.NextDouble() * 1000:F2},{names[i % names.Length]}{i % 100},{day:yyyy-MM-dd}\n"));
        }
    }
}
