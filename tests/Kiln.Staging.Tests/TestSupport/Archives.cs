using System.Formats.Tar;
using System.IO.Compression;

namespace Kiln.Staging.Tests.TestSupport;

/// <summary>Hand-made gzip-compressed tars, including ones no honest client writes.</summary>
public static class Archives
{
    public static byte[] Of(params TarEntry[] entries)
    {
        using var bytes = new MemoryStream();
        using (var gzip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return bytes.ToArray();
    }

    public static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    public static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };
}
