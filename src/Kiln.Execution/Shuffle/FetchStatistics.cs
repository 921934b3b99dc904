namespace Kiln.Execution.Shuffle;

/// <summary>
/// Counters of one or more <see cref="NetworkBlockFetcher"/> fetches: what was read where, and the high-water
/// marks that show the bound on bytes in flight held.
/// </summary>
/// <remarks>Thread-safe; updated by the fetch while it runs.</remarks>
public sealed class FetchStatistics
{
    private long _bytesInFlight;
    private long _peakBytesInFlight;
    private long _bytesBuffered;
    private long _peakBytesBuffered;
    private long _localBlocks;
    private long _remoteBlocks;
    private long _remoteBytes;
    private long _requests;
    private long _retries;
    private int _peakRequestsPerAddress;

    /// <summary>Bytes requested and not yet consumed (what <c>kiln.reducer.maxBytesInFlight</c> bounds).</summary>
    public long BytesInFlight => Interlocked.Read(ref _bytesInFlight);

    public long PeakBytesInFlight => Interlocked.Read(ref _peakBytesInFlight);

    /// <summary>Bytes received and held in memory, not yet consumed (always at most <see cref="BytesInFlight"/>).</summary>
    public long BytesBuffered => Interlocked.Read(ref _bytesBuffered);

    public long PeakBytesBuffered => Interlocked.Read(ref _peakBytesBuffered);

    public long LocalBlocks => Interlocked.Read(ref _localBlocks);

    public long RemoteBlocks => Interlocked.Read(ref _remoteBlocks);

    public long RemoteBytes => Interlocked.Read(ref _remoteBytes);

    /// <summary>Requests sent to block servers (retries included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Most requests one fetch had outstanding at one server at once.</summary>
    public int PeakRequestsPerAddress => Volatile.Read(ref _peakRequestsPerAddress);

    internal void AddInFlight(long delta) => Raise(ref _peakBytesInFlight, Interlocked.Add(ref _bytesInFlight, delta));

    internal void AddBuffered(long delta) => Raise(ref _peakBytesBuffered, Interlocked.Add(ref _bytesBuffered, delta));

    internal void LocalBlock() => Interlocked.Increment(ref _localBlocks);

    internal void RemoteBlock(long bytes)
    {
        Interlocked.Increment(ref _remoteBlocks);
        Interlocked.Add(ref _remoteBytes, bytes);
    }

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Retry() => Interlocked.Increment(ref _retries);

    internal void RequestsAtAddress(int outstanding)
    {
        var peak = Volatile.Read(ref _peakRequestsPerAddress);
        while (outstanding > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakRequestsPerAddress, outstanding, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    private static void Raise(ref long peak, long value)
    {
        var current = Interlocked.Read(ref peak);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref peak, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
