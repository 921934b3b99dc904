using ParquetSharp;

namespace Kiln.DataSources.Parquet;

/// <summary>Opens Parquet files, and tells Parquet files from others by their magic bytes.</summary>
public static class ParquetFiles
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>Whether the file starts with Parquet's magic bytes <c>PAR1</c>.</summary>
    public static bool HasParquetMagic(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return RandomAccess.Read(handle, head, 0) == 4 && head.SequenceEqual(Magic);
    }

    internal static ParquetFileReader Open(string path)
    {
        using var properties = ReaderProperties.GetDefaultReaderProperties();
        properties.EnableBufferedStream();
        properties.BufferSize = 1 << 20;
        return new ParquetFileReader(path, properties);
    }
}
