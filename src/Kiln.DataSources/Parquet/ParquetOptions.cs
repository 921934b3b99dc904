using System.Globalization;
using Kiln.DataSources.Errors;
using ParquetSharp;

namespace Kiln.DataSources.Parquet;

/// <summary>Bound Parquet read and write options; <see cref="Parse"/> reads them from the user's string options.</summary>
public sealed record ParquetOptions
{
    public const int DefaultRowGroupSize = 1 << 20;

    private static readonly string[] Known = ["mergeSchema", "ignoreCorruptFiles", "compression", "codec", "rowGroupSize"];

    private static readonly string[] Codecs = ["snappy", "gzip", "zstd", "lz4", "lz4_raw", "brotli", "none", "uncompressed"];

    /// <summary>Read the union of the columns of all files (else files with different schemas are an error).</summary>
    public bool MergeSchema { get; init; }

    /// <summary>Skip files that cannot be read (truncated, not Parquet, corrupt) instead of failing.</summary>
    public bool IgnoreCorruptFiles { get; init; }

    /// <summary>The codec the writer compresses pages with (snappy by default, as Spark).</summary>
    public string Compression { get; init; } = "snappy";

    /// <summary>Rows per row group the writer puts in a file before starting the next.</summary>
    public int RowGroupSize { get; init; } = DefaultRowGroupSize;

    public static ParquetOptions Default { get; } = new();

    /// <summary>Binds options by case-insensitive name; unknown names and bad values raise <see cref="InvalidOptionException"/>.</summary>
    public static ParquetOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(options, "Parquet", Known);
        var codec = (r.Raw("compression", "codec") ?? "snappy").Trim().ToLowerInvariant();
        if (!Codecs.Contains(codec))
        {
            throw new InvalidOptionException("compression", codec, $"Option 'compression' must be one of {string.Join(", ", Codecs)}, not '{codec}'.");
        }

        var rowGroupSize = DefaultRowGroupSize;
        if (r.Raw("rowGroupSize") is { } raw && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out rowGroupSize) || rowGroupSize < 1))
        {
            throw new InvalidOptionException("rowGroupSize", raw, $"Option 'rowGroupSize' must be a positive number of rows, not '{raw}'.");
        }

        return new ParquetOptions
        {
            MergeSchema = r.Bool("mergeSchema", false),
            IgnoreCorruptFiles = r.Bool("ignoreCorruptFiles", false),
            Compression = codec,
            RowGroupSize = rowGroupSize,
        };
    }

    internal Compression Codec => Compression switch
    {
        "snappy" => ParquetSharp.Compression.Snappy,
        "gzip" => ParquetSharp.Compression.Gzip,
        "zstd" => ParquetSharp.Compression.Zstd,
        "lz4" or "lz4_raw" => ParquetSharp.Compression.Lz4,
        "brotli" => ParquetSharp.Compression.Brotli,
        _ => ParquetSharp.Compression.Uncompressed,
    };
}
