using System.Formats.Tar;
using System.IO.Compression;

namespace Kiln.Staging.Client;

/// <summary>
/// Packs what <c>kiln submit</c> stages into one gzip-compressed tar: every file and directory under a directory
/// (paths relative to it, hidden files included, file modes kept), plus extra files at the top level by their names.
/// Only regular files and directories go in: a symbolic link is stored as the file it points to.
/// </summary>
public static class BundleWriter
{
    /// <summary>Writes the bundle to <paramref name="output"/>; returns the number of files packed.</summary>
    public static async Task<int> WriteAsync(Stream output, string? directory, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(files);
        var entries = Plan(directory, files);
        var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                foreach (var (name, path, isDirectory) in entries)
                {
                    await WriteEntryAsync(tar, name, path, isDirectory, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return entries.Count(e => !e.IsDirectory);
    }

    /// <summary>The entries in order (directories before what they hold), with clear errors for what cannot be packed.</summary>
    private static List<(string Name, string Path, bool IsDirectory)> Plan(string? directory, IReadOnlyList<string> files)
    {
        var entries = new List<(string Name, string Path, bool IsDirectory)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (directory is not null)
        {
            var root = Path.GetFullPath(directory);
            if (!Directory.Exists(root))
            {
                throw new StagingException($"cannot stage {root}: it is not a directory");
            }

            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", options).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                names.Add(name);
                entries.Add((name, path, Directory.Exists(path)));
            }
        }

        foreach (var file in files)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new StagingException($"cannot stage {path}: no such file");
            }

            var name = Path.GetFileName(path);
            if (!names.Add(name))
            {
                throw new StagingException($"cannot stage {path}: a file named {name} is already in the bundle (from the application directory or another --files entry)");
            }

            entries.Add((name, path, false));
        }

        return entries;
    }

    private static async Task WriteEntryAsync(TarWriter tar, string name, string path, bool isDirectory, CancellationToken cancellationToken)
    {
        const UnixFileMode Permissions = (UnixFileMode)0x1FF; // rwxrwxrwx
        var mode = OperatingSystem.IsWindows() ? (isDirectory ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4) : File.GetUnixFileMode(path) & Permissions;
        if (isDirectory)
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/") { Mode = mode }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (data.ConfigureAwait(false))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = mode, DataStream = data, ModificationTime = File.GetLastWriteTimeUtc(path) };
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }
}
