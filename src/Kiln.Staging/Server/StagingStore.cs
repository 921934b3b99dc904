using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Kiln.Staging.Server;

/// <summary>
/// The staging server's bundles on disk, and the index of them in memory.
/// <code>
///   DIR/resources/ID/bundle      the bytes uploaded
///   DIR/resources/ID/meta.json   ResourceRecord: secret hash, application id, creation and expiry times, size
///   DIR/tmp/                     uploads in progress and bundles being deleted
/// </code>
/// An upload is written to <c>tmp/ID/</c> (bundle, then metadata, each flushed to disk) and then the directory is
/// renamed into <c>resources/</c> in one step, so a bundle is visible complete or not at all; deleting renames it back
/// into <c>tmp/</c> first. <see cref="Open"/> empties <c>tmp/</c> (what a crash left) and loads every complete entry,
/// dropping expired ones. Thread-safe.
/// </summary>
internal sealed class StagingStore
{
    private const string BundleFile = "bundle";
    private const string MetaFile = "meta.json";

    private readonly ConcurrentDictionary<string, ResourceRecord> _records = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly ILogger _log;

    public StagingStore(string directory, TimeSpan ttl, TimeProvider time, ILogger log)
    {
        Root = Path.GetFullPath(directory);
        _ttl = ttl;
        _time = time;
        _log = log;
    }

    public string Root { get; }

    private string ResourcesDir => Path.Combine(Root, "resources");

    private string TempDir => Path.Combine(Root, "tmp");

    public int Count => _records.Count;

    /// <summary>Creates the layout, removes leftovers of interrupted uploads and deletes, and loads the bundles kept.</summary>
    public void Open()
    {
        Directory.CreateDirectory(ResourcesDir);
        Directory.CreateDirectory(TempDir);
        var removed = 0;
        foreach (var leftover in Directory.EnumerateFileSystemEntries(TempDir))
        {
            Remove(leftover);
            removed++;
        }

        var now = _time.GetUtcNow();
        foreach (var entry in Directory.EnumerateFileSystemEntries(ResourcesDir))
        {
            var record = TryLoad(entry);
            if (record is null || record.ExpiresAt <= now)
            {
                Remove(entry);
                removed++;
                continue;
            }

            _records[record.Id] = record;
        }

        _log.Opened(Root, _records.Count, removed);
    }

    /// <summary>
    /// Stores the body as a new bundle. Returns null (and keeps nothing) when it is longer than
    /// <paramref name="maxBytes"/>; a body that fails mid-way throws and keeps nothing either.
    /// </summary>
    public async Task<(ResourceRecord Record, string Secret)?> AddAsync(Stream body, long maxBytes, string? appId, CancellationToken cancellationToken)
    {
        var id = ResourceCredentials.NewId();
        var secret = ResourceCredentials.NewSecret();
        var temp = Path.Combine(TempDir, id);
        Directory.CreateDirectory(temp);
        var complete = false;
        try
        {
            var size = await CopyLimitedAsync(body, Path.Combine(temp, BundleFile), maxBytes, cancellationToken).ConfigureAwait(false);
            if (size < 0)
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var record = new ResourceRecord(id, ResourceCredentials.Hash(secret), appId, now, now + _ttl, size);
            await WriteMetaAsync(Path.Combine(temp, MetaFile), record, cancellationToken).ConfigureAwait(false);
            Directory.Move(temp, Path.Combine(ResourcesDir, id));
            _records[id] = record;
            complete = true;
            _log.Stored(id, size, appId ?? "(none)", record.ExpiresAt);
            return (record, secret);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            _log.UploadIncomplete(id, e.GetType().Name);
            throw;
        }
        finally
        {
            if (!complete)
            {
                Remove(temp);
            }
        }
    }

    /// <summary>The bundle with this id when <paramref name="secret"/> is its secret and it has not expired; else null.</summary>
    public ResourceRecord? Find(string id, string secret)
    {
        if (!ResourceCredentials.IsPlainId(id) || !_records.TryGetValue(id, out var record))
        {
            // Hash anyway, so that an unknown id costs what a known one does.
            _ = ResourceCredentials.Matches(secret, new string('0', 64));
            return null;
        }

        return ResourceCredentials.Matches(secret, record.SecretHash) && record.ExpiresAt > _time.GetUtcNow() ? record : null;
    }

    /// <summary>Opens the bytes of a bundle found with <see cref="Find"/> (null if it was deleted meanwhile).</summary>
    public FileStream? OpenBundle(ResourceRecord record)
    {
        try
        {
            return new FileStream(Path.Combine(ResourcesDir, record.Id, BundleFile), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes a bundle (index first, then disk); false when it was already gone.</summary>
    public bool Delete(string id)
    {
        if (!_records.TryRemove(id, out _))
        {
            return false;
        }

        var doomed = Path.Combine(TempDir, $"deleted-{id}");
        try
        {
            Directory.Move(Path.Combine(ResourcesDir, id), doomed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.RemoveFailed(Path.Combine(ResourcesDir, id), e.Message);
            return true;
        }

        Remove(doomed);
        return true;
    }

    /// <summary>Deletes every bundle whose expiry time has passed; returns how many.</summary>
    public int RemoveExpired()
    {
        var now = _time.GetUtcNow();
        var removed = 0;
        foreach (var (id, record) in _records)
        {
            if (record.ExpiresAt <= now && Delete(id))
            {
                _log.Expired(id);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Copies at most <paramref name="maxBytes"/>; returns the length, or -1 when the body is longer.</summary>
    private static async Task<long> CopyLimitedAsync(Stream body, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long size = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    return -1;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            return size;
        }
    }

    private static async Task WriteMetaAsync(string path, ResourceRecord record, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(file, record, StagingJson.Default.ResourceRecord, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>The record of a complete entry under resources/, or null for anything else.</summary>
    private static ResourceRecord? TryLoad(string entry)
    {
        var id = Path.GetFileName(entry);
        if (!ResourceCredentials.IsPlainId(id) || !File.Exists(Path.Combine(entry, BundleFile)))
        {
            return null;
        }

        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(entry, MetaFile)), StagingJson.Default.ResourceRecord);
            return record is not null && record.Id == id && record.SecretHash.Length == 64 ? record : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Remove(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.RemoveFailed(path, e.Message);
        }
    }
}
