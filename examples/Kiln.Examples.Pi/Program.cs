using System.Globalization;
using Kiln;

// Estimates pi by throwing points at the unit square: the share that lands in the quarter circle is pi/4. Each
// slice is one element of a Dataset, and one task throws its million points (as Spark's SparkPi does). The points
// are pseudo-random but derived from their index, so every run and every master gives the same estimate.
//   kiln submit [--master local-cluster[2,1,1024]] Kiln.Examples.Pi.dll [SLICES]     (default 4 slices)
var slices = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
const long PointsPerSlice = 1_000_000;

// One element per batch, so the slices spread over the task slots instead of sharing one partition.
using var session = KilnSession.Builder().AppName("pi").Config("kiln.batch.size", "1").GetOrCreate();
var hits = session.CreateDataset(Enumerable.Range(0, slices).ToArray())
    .Select(slice => Inside(slice, PointsPerSlice))
    .Collect()
    .Sum();
var total = slices * PointsPerSlice;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pi is roughly {4.0 * hits / total:F6} ({hits} of {total} points inside the circle, {slices} slices)"));

static long Inside(int slice, long points)
{
    long inside = 0;
    for (var i = 0L; i < points; i++)
    {
        var h = (ulong)((slice * points) + i) * 0x9E3779B97F4A7C15UL;
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        var x = (h >> 32) / (double)uint.MaxValue;
        var y = (h & uint.MaxValue) / (double)uint.MaxValue;
        if ((x * x) + (y * y) <= 1)
        {
            inside++;
        }
    }

    return inside;
}
