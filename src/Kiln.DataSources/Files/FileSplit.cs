namespace Kiln.DataSources.Files;

/// <summary>
/// A byte range <c>[Start, Start + Length)</c> of one file. A record belongs to the split that holds its first byte;
/// the reader of a split finishes its last record past the end of the range.
/// </summary>
public sealed record FileSplit(string Path, long Start, long Length, long FileLength)
{
    public long End => Start + Length;

    public static FileSplit WholeFile(string path)
    {
        var length = new FileInfo(path).Length;
        return new FileSplit(path, 0, length, length);
    }
}
