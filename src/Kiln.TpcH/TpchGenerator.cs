using System.Diagnostics;
using System.Globalization;
using Kiln.TpcH.Generation;

namespace Kiln.TpcH;

/// <summary>
/// Writes the eight TPC-H tables for a scale factor as CSV files (header row, comma delimiter, quotes when needed,
/// money with two decimals, ISO dates) plus a <see cref="TpchManifest"/>, following clause 4.2 of the TPC-H
/// specification for row counts and value domains.
/// </summary>
/// <remarks>
/// Output is deterministic for a scale factor and <see cref="Version"/>: each row's values come from a random
/// stream seeded by (table, row index), chunks are generated in parallel and written in order. The tables are
/// written into a hidden sibling directory which is renamed into place only when complete, so a failed or
/// interrupted run never leaves a partial output directory behind.
/// </remarks>
public static class TpchGenerator
{
    /// <summary>Changes whenever generated values change, so cached data sets keyed by it are regenerated.</summary>
    public const int Version = 1;

    public const double MinScaleFactor = 0.01;

    public const double MaxScaleFactor = 100;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0.01 &lt;= SF &lt;= 100.</summary>
    public static void ValidateScaleFactor(double scaleFactor)
    {
        if (!double.IsFinite(scaleFactor) || scaleFactor < MinScaleFactor || scaleFactor > MaxScaleFactor)
        {
            throw new ArgumentOutOfRangeException(
                nameof(scaleFactor),
                scaleFactor,
                string.Create(CultureInfo.InvariantCulture, $"the TPC-H scale factor must be between {MinScaleFactor} and {MaxScaleFactor}, not {scaleFactor}"));
        }
    }

    public static TpchGenerationResult Generate(TpchGeneratorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateScaleFactor(options.ScaleFactor);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1);
        if (options.Format is not ("csv" or "parquet"))
        {
            throw new ArgumentException($"TPC-H data is written as csv or parquet, not '{options.Format}'", nameof(options));
        }

        var target = Path.GetFullPath(options.OutputDirectory);
        if (!options.Overwrite && Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new TpchOutputExistsException(target);
        }

        if (File.Exists(target))
        {
            throw new TpchOutputExistsException(target);
        }

        var clock = Stopwatch.StartNew();
        var parent = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var manifest = WriteTables(temp, options, cancellationToken);
            if (options.Format == "parquet")
            {
                manifest = TpchParquet.Convert(temp, manifest, options.Threads);
            }

            manifest.Write(temp);
            Publish(temp, target);
            return new TpchGenerationResult(target, manifest, clock.Elapsed);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static TpchManifest WriteTables(string directory, TpchGeneratorOptions options, CancellationToken cancellationToken)
    {
        var context = new TpchContext(options.ScaleFactor);
        TableChunks[] generators =
        [
            new FixedTables(context, TpchSchema.Region),
            new FixedTables(context, TpchSchema.Nation),
            new PartChunks(context),
            new SupplierChunks(context),
            new PartSuppChunks(context),
            new CustomerChunks(context),
            new OrderChunks(context),
        ];
        var rows = new Dictionary<TpchTable, long>();
        foreach (var generator in generators)
        {
            var streams = generator.Outputs
                .Select(t => new FileStream(Path.Combine(directory, t.FileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                .ToArray();
            try
            {
                foreach (var (stream, table) in streams.Zip(generator.Outputs))
                {
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(string.Join(",", table.Columns.Select(c => c.Name)) + "\n"));
                }

                var counts = OrderedChunkPipeline.Run(generator, streams, options.Threads, cancellationToken);
                for (var i = 0; i < counts.Length; i++)
                {
                    rows[generator.Outputs[i]] = counts[i];
                }
            }
            finally
            {
                foreach (var stream in streams)
                {
                    stream.Dispose();
                }
            }
        }

        var tables = TpchSchema.Tables
            .Select(t => new TpchManifestTable(t.Name, t.FileName, rows[t], t.Columns.Select(c => new TpchManifestColumn(c.Name, c.KilnType, c.DuckDbType)).ToArray()))
            .ToArray();
        return new TpchManifest("kiln-tpch", Version, options.ScaleFactor, tables);
    }

    /// <summary>Moves the finished directory into place, replacing what was there (only allowed with overwrite).</summary>
    private static void Publish(string temp, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }

        var old = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
        Directory.Move(target, old);
        Directory.Move(temp, target);
        TryDelete(old);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
