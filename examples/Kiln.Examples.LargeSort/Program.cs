using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kiln;
using static Kiln.Functions;

// A large sort: writes ROWS pseudo-random records (a key and a payload) to a CSV file, sorts them by key with a
// range-partitioned shuffle, and writes the sorted file set; then checks the output is complete and in order.
//   kiln submit [--master local-cluster[2,1,1024]] Kiln.Examples.LargeSort.dll [ROWS] [WORK_DIR]   (default 1,000,000 rows)
var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var work = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "kiln-large-sort");
Directory.CreateDirectory(work);
var input = Path.Combine(work, "input.csv");
var sorted = Path.Combine(work, "sorted");

using (var writer = new StreamWriter(input, false, new UTF8Encoding(false), 1 << 20))
{
    writer.Write("key,payload\n");
    for (var i = 0L; i < rows; i++)
    {
        var key = (long)(((ulong)i * 0x9E3779B97F4A7C15UL) >> 20);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{key},row-{i}\n"));
    }
}

using var session = KilnSession.Builder().AppName("large sort").Config("kiln.files.maxPartitionBytes", "8m").GetOrCreate();
var clock = Stopwatch.StartNew();
var written = session.Read.Option("header", "true").Schema("key bigint, payload string").Csv(input)
    .OrderBy(Col("key"), Col("payload"))
    .Write.Mode("overwrite").Option("header", "false").Csv(sorted);
var seconds = clock.Elapsed.TotalSeconds;

// Check: the part files, read in name order, hold every row once, keys never decreasing.
long count = 0;
var previous = long.MinValue;
ulong checksum = 0;
foreach (var file in written.Files.Order(StringComparer.Ordinal))
{
    foreach (var line in File.ReadLines(Path.Combine(written.Path, file)))
    {
        var key = long.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        if (key < previous)
        {
            Console.Error.WriteLine($"out of order after {count} rows: {key} < {previous}");
            return 1;
        }

        previous = key;
        checksum = unchecked((checksum * 31) + (ulong)key);
        count++;
    }
}

File.Delete(input);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sorted {count} of {rows} rows into {written.Files.Count} files in {seconds:F1}s; keys in order, checksum {checksum:x16}"));
return count == rows ? 0 : 1;
