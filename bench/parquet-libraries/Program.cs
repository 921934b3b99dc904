using System.Diagnostics;
using Kiln.Common.Batches;

// Measures the two Parquet libraries our registry serves on Kiln's own workload: decoding a Parquet file (written by
// DuckDB) into Kiln's column vectors, and encoding those vectors into a snappy Parquet file.
//   dotnet run -c Release -- FILE.parquet [RUNS]      (bench/parquet-libraries.sh builds the TPC-H lineitem file first)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: ParquetLibraryBench FILE.parquet [RUNS]");
    return 2;
}

var path = args[0];
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var bytes = new FileInfo(path).Length;
Console.WriteLine($"file: {path} ({bytes / 1e6:F1} MB), best of {runs} runs");

IReadOnlyList<RecordBatch> batches = [];
var libraries = new (string Name, Func<string, IReadOnlyList<RecordBatch>> Decode, Action<IReadOnlyList<RecordBatch>, string> Encode)[]
{
    ("ParquetSharp", SharpCodec.Decode, SharpCodec.Encode),
    ("Parquet.Net", NetCodec.Decode, NetCodec.Encode),
};
var checksums = new List<string>();
foreach (var (name, decode, encode) in libraries)
{
    var decodeMs = Best(runs, () => batches = decode(path));
    var rows = batches.Sum(b => b.RowCount);
    var checksum = Checksum.Of(batches);
    checksums.Add(checksum);
    var output = Path.Combine(Path.GetTempPath(), $"kiln-parquet-bench-{name}.parquet");
    var encodeMs = Best(runs, () => encode(batches, output));
    var written = new FileInfo(output).Length;
    var roundTrip = Checksum.Of(SharpCodec.Decode(output)) == checksum ? "ok" : "DIFFERS";
    File.Delete(output);
    Console.WriteLine(
        $"{name,-13} decode {decodeMs,7:F0} ms ({rows / decodeMs / 1000:F1} M rows/s)   encode {encodeMs,7:F0} ms ({rows / encodeMs / 1000:F1} M rows/s, " +
        $"{written / 1e6:F1} MB snappy)   rows={rows} checksum={checksum} reread={roundTrip}");
}

Console.WriteLine(checksums.Distinct().Count() == 1 ? "both decoders agree" : "DECODERS DISAGREE");
return 0;

static double Best(int runs, Action action)
{
    var best = double.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        action();
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
    }

    return best;
}
