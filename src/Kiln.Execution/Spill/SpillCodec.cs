namespace Kiln.Execution.Spill;

/// <summary>
/// How the payload of one batch frame is encoded on disk (see <see cref="BatchFrames"/>): the id of a codec in
/// <see cref="Common.Compression.CompressionCodecs"/>, which implements it.
/// </summary>
public enum SpillCodec : byte
{
    None = 0,

    /// <summary>System.IO.Compression Deflate at its fastest level.</summary>
    Deflate = 1,

    /// <summary>Brotli at quality 1.</summary>
    Brotli = 2,

    /// <summary>LZ4 block format (K4os.Compression.LZ4): the default, fast both ways.</summary>
    Lz4 = 3,

    /// <summary>Zstandard at level 1 (ZstdSharp).</summary>
    Zstd = 4,
}
