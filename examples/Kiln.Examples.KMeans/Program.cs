using System.Globalization;
using System.Text;
using Kiln;
using static Kiln.Functions;

// k-means clustering, iteratively: the points are cached on the executors after the first pass; every iteration
// broadcasts the current centers, a UDF assigns each point to its nearest center on the executors, and an
// aggregation computes the new centers. The points are generated around K known centers, deterministically.
//   kiln submit [--master local-cluster[2,1,1024]] Kiln.Examples.KMeans.dll [K] [ITERATIONS] [POINTS]   (defaults 4, 10, 200,000)
var k = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;

var dir = Path.Combine(Path.GetTempPath(), "kiln-kmeans", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var file = Path.Combine(dir, "points.csv");
var random = new Random(42);
var initial = new Centers(new double[k], new double[k]);
using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
{
    writer.Write("x,y\n");
    for (var i = 0; i < count; i++)
    {
        var c = i % k;
        var x = (c * 10.0) + Gaussian(random);
        var y = ((c % 2) * 10.0) + Gaussian(random);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{x:R},{y:R}\n"));
        if (i < k)
        {
            // Start from the first k points, nudged, so the answer does not depend on luck.
            (initial.X[i], initial.Y[i]) = (x + 3, y - 3);
        }
    }
}

using var session = KilnSession.Builder().AppName("k-means").GetOrCreate();
var points = session.Read.Option("header", "true").Schema("x double, y double").Csv(file).Cache();
var centers = initial;
for (var iteration = 1; iteration <= iterations; iteration++)
{
    var current = session.Broadcast(centers);
    var nearest = Udf((double x, double y) => current.Value.Nearest(x, y));
    var updated = points
        .Select(nearest(Col("x"), Col("y")).Alias("c"), Col("x"), Col("y"))
        .GroupBy("c")
        .Agg(Avg(Col("x")).Alias("x"), Avg(Col("y")).Alias("y"))
        .Collect();
    var next = new Centers((double[])centers.X.Clone(), (double[])centers.Y.Clone());
    foreach (var row in updated)
    {
        var c = (int)row["c"]!;
        (next.X[c], next.Y[c]) = ((double)row["x"]!, (double)row["y"]!);
    }

    current.Destroy();
    var moved = Enumerable.Range(0, k).Max(c => Math.Abs(next.X[c] - centers.X[c]) + Math.Abs(next.Y[c] - centers.Y[c]));
    centers = next;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"iteration {iteration}: centers moved at most {moved:F4}"));
}

foreach (var c in Enumerable.Range(0, k).OrderBy(c => centers.X[c]).ThenBy(c => centers.Y[c]))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"center ({centers.X[c]:F3}, {centers.Y[c]:F3})"));
}

points.Unpersist();
Directory.Delete(dir, recursive: true);

static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

/// <summary>The current centers, broadcast to the executors each iteration.</summary>
internal sealed record Centers(double[] X, double[] Y)
{
    public int Nearest(double x, double y)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var c = 0; c < X.Length; c++)
        {
            var d = ((X[c] - x) * (X[c] - x)) + ((Y[c] - y) * (Y[c] - y));
            if (d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }

        return best;
    }
}
