using Kiln.Common.Compression;
using Kiln.Common.Config;

namespace Kiln.Execution.Spill;

/// <summary>Chooses the <see cref="SpillCodec"/> from configuration.</summary>
public static class SpillCodecs
{
    /// <summary><c>kiln.io.compression.codec</c> (LZ4 by default) when <c>kiln.shuffle.compress</c> is true, none otherwise.</summary>
    /// <remarks>
    /// Measured on TPC-H-like lineitem columns (bigint, int, decimal, low-cardinality string): Deflate fastest
    /// writes ~500 MB/s and reads ~1 GB/s at 1/3 of the size; Brotli quality 1 is 1/4 the size at ~300/500 MB/s;
    /// LZ4 trades some size for speed (see docs/benchmarks.md for measured figures).
    /// </remarks>
    public static SpillCodec FromConf(KilnConf conf) => (SpillCodec)CompressionCodecs.FromConf(conf).Id;
}
