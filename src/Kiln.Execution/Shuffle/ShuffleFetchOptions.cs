using Kiln.Common.Config;

namespace Kiln.Execution.Shuffle;

/// <summary>Settings of a <see cref="NetworkBlockFetcher"/> (the <c>kiln.reducer.*</c> and <c>kiln.shuffle.io.*</c> keys).</summary>
public sealed record ShuffleFetchOptions
{
    /// <summary>Most bytes of remote blocks one fetch has requested or holds unread (<c>kiln.reducer.maxBytesInFlight</c>).</summary>
    public long MaxBytesInFlight { get; init; } = 48L << 20;

    /// <summary>Most requests one fetch has outstanding at one block server (<c>kiln.reducer.maxRequestsInFlightPerAddress</c>).</summary>
    public int MaxRequestsPerAddress { get; init; } = 4;

    /// <summary>Retries of a request after a connection failure (<c>kiln.shuffle.io.maxRetries</c>).</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a requested block may go without arriving before the connection counts as failed (<c>kiln.network.timeout</c>).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Blocks up to this size are fetched whole, several per request; larger ones in pieces of this size.</summary>
    internal long PieceSize => Math.Max(1, MaxBytesInFlight / 4);

    /// <summary>A request for small blocks stops growing at this many bytes, so requests to several servers overlap.</summary>
    internal long TargetRequestSize => Math.Max(1, MaxBytesInFlight / 5);

    public static ShuffleFetchOptions FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new ShuffleFetchOptions
        {
            MaxBytesInFlight = conf.Get(ConfigKeys.ReducerMaxBytesInFlight),
            MaxRequestsPerAddress = conf.Get(ConfigKeys.ReducerMaxRequestsPerAddress),
            MaxRetries = conf.Get(ConfigKeys.ShuffleIoMaxRetries),
            RetryWait = conf.Get(ConfigKeys.ShuffleIoRetryWait),
            IdleTimeout = conf.Get(ConfigKeys.NetworkTimeout),
        };
    }
}
