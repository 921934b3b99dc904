using Kiln.Common.Config;

namespace Kiln.Common.Compression;

/// <summary>
/// The codec registry: by name for configuration (<c>kiln.io.compression.codec</c>), by id for readers, which
/// take the codec from each frame's header and so need no configuration of their own.
/// </summary>
public static class CompressionCodecs
{
    public static CompressionCodec None { get; } = new NoCompressionCodec();

    public static CompressionCodec Deflate { get; } = new DeflateCodec();

    public static CompressionCodec Brotli { get; } = new BrotliCodec();

    public static CompressionCodec Lz4 { get; } = new Lz4Codec();

    public static CompressionCodec Zstd { get; } = new ZstdCodec();

    public static IReadOnlyList<CompressionCodec> All { get; } = [None, Deflate, Brotli, Lz4, Zstd];

    /// <exception cref="ArgumentException">No codec has that name.</exception>
    public static CompressionCodec ForName(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown compression codec '{name}'; use {string.Join(", ", All.Select(c => c.Name))}", nameof(name));

    /// <summary>The codec that wrote a frame, or null for an id no codec has (corrupt data or a newer writer).</summary>
    public static CompressionCodec? ForId(byte id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>The codec for shuffle blocks and spills: <c>kiln.io.compression.codec</c>, or none when <c>kiln.shuffle.compress</c> is false.</summary>
    public static CompressionCodec FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return conf.Get(ConfigKeys.SpillCompress) ? ForName(conf.Get(ConfigKeys.CompressionCodec)) : None;
    }
}
