using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Kiln.Staging.Client;

/// <summary>
/// Unpacks a bundle written by <see cref="BundleWriter"/> into a directory, refusing anything that could land
/// outside it: absolute names, <c>..</c> segments, links and device entries. Files are written to a temporary
/// directory first and renamed into place once the whole bundle has been read, so a broken bundle leaves nothing:
/// a target that does not exist yet is created by one rename; an existing one (such as a volume's mount point) gets
/// each top-level entry renamed into it, and an entry that is already there is an error.
/// </summary>
public static class BundleExtractor
{
    /// <summary>Extracts the gzip-compressed tar in <paramref name="bundle"/> into <paramref name="targetDir"/>; returns the number of files.</summary>
    public static async Task<int> ExtractAsync(Stream bundle, string targetDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(targetDir);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDir));
        var targetExists = Directory.Exists(target);
        var parent = Path.GetDirectoryName(target) ?? throw new StagingException($"cannot extract into {target}: it has no parent directory");
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var temp = targetExists ? Path.Combine(target, $".kiln-fetch-{suffix}") : Path.Combine(parent, $".{Path.GetFileName(target)}.kiln-fetch-{suffix}");
        Directory.CreateDirectory(temp);
        try
        {
            var files = await UnpackAsync(bundle, temp, cancellationToken).ConfigureAwait(false);
            if (!targetExists)
            {
                Directory.Move(temp, target);
                return files;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(temp).ToList())
            {
                var destination = Path.Combine(target, Path.GetFileName(entry));
                if (Path.Exists(destination))
                {
                    throw new StagingException($"cannot extract the bundle into {target}: {destination} already exists");
                }

                if (Directory.Exists(entry))
                {
                    Directory.Move(entry, destination);
                }
                else
                {
                    File.Move(entry, destination);
                }
            }

            Directory.Delete(temp, recursive: true);
            return files;
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    private static async Task<int> UnpackAsync(Stream bundle, string root, CancellationToken cancellationToken)
    {
        var files = 0;
        var gzip = new GZipStream(bundle, CompressionMode.Decompress, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var tar = new TarReader(gzip, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                try
                {
                    while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        var path = SafePath(root, entry.Name);
                        switch (entry.EntryType)
                        {
                            case TarEntryType.Directory:
                                Directory.CreateDirectory(path);
                                break;
                            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                                await WriteFileAsync(entry, path, cancellationToken).ConfigureAwait(false);
                                files++;
                                break;
                            default:
                                throw new StagingException($"the bundle's entry '{entry.Name}' is a {entry.EntryType}; a bundle holds only files and directories");
                        }
                    }
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
                {
                    throw new StagingException($"the bundle is not a complete gzip-compressed tar: {e.Message}", e);
                }
            }
        }

        return files;
    }

    /// <summary>The full path of an entry under root; throws for a name that is absolute, climbs out or is empty.</summary>
    internal static string SafePath(string root, string name)
    {
        var trimmed = name.TrimEnd('/');
        var segments = trimmed.Split('/');
        if (trimmed.Length == 0 || name.StartsWith('/') || Path.IsPathRooted(trimmed) || name.Contains('\\', StringComparison.Ordinal)
            || name.Contains('\0', StringComparison.Ordinal) || segments.Any(s => s is ".." or ""))
        {
            throw Outside(name);
        }

        var path = Path.GetFullPath(Path.Combine(root, trimmed));
        if (path != root && !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Outside(name);
        }

        return path;
    }

    private static StagingException Outside(string name) =>
        new($"the bundle's entry '{name}' would be written outside the target directory; refusing the bundle");

    private static async Task WriteFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            // Permission bits only (no setuid, setgid or sticky), and always readable and writable by the owner.
            File.SetUnixFileMode(path, (entry.Mode & (UnixFileMode)0x1FF) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
