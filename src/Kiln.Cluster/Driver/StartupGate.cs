namespace Kiln.Cluster.Driver;

/// <summary>
/// When the cluster backend's start-up is over: once <c>ceil(ratio × initial)</c> executors have registered
/// (Spark's <c>minRegisteredResourcesRatio</c>), or once <c>maxRegisteredResourcesWaitingTime</c> has passed, when
/// fewer are allowed (pods; local processes wait for all and fail the start on a loss instead).
/// </summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
internal sealed class StartupGate
{
    private readonly int _needed;
    private readonly TimeSpan _maxWait;
    private readonly DateTimeOffset _began;

    public StartupGate(int initialExecutors, double minRegisteredRatio, TimeSpan maxWait, DateTimeOffset began)
    {
        _needed = (int)Math.Ceiling(minRegisteredRatio * initialExecutors);
        _maxWait = maxWait;
        _began = began;
    }

    public bool Done { get; private set; }

    /// <summary>True, once, when <paramref name="active"/> registered executors end start-up.</summary>
    public bool CompletesWith(int active) => !Done && active >= _needed && (Done = true);

    /// <summary>True, once, when start-up has waited its longest at <paramref name="now"/>.</summary>
    public bool TimesOutAt(DateTimeOffset now) => !Done && now - _began >= _maxWait && (Done = true);

    /// <summary>Ends start-up without completing it (it failed).</summary>
    public void Abandon() => Done = true;
}
