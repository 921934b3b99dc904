namespace Kiln.TpcH.Generation;

/// <summary>
/// A small random stream (SplitMix64) seeded from a table's stream number and a row index, so every row's values
/// depend only on (table, row) and chunks of rows can be generated in any order, on any number of threads.
/// </summary>
/// <remarks>A value type: pass it by <c>ref</c> so draws advance the caller's stream.</remarks>
internal struct RowRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    public RowRandom(ulong stream, long row)
    {
        _state = Mix((stream * 0xD1B54A32D192ED03UL) ^ Mix(((ulong)row + 1) * Golden));
    }

    /// <summary>A uniformly distributed integer in [<paramref name="low"/>, <paramref name="high"/>], both inclusive.</summary>
    public int Next(int low, int high) => low + (int)Math.BigMul(NextRaw(), (ulong)((long)high - low + 1), out _);

    /// <summary>A uniformly distributed integer in [<paramref name="low"/>, <paramref name="high"/>], both inclusive.</summary>
    public long NextLong(long low, long high) => low + (long)Math.BigMul(NextRaw(), (ulong)(high - low + 1), out _);

    public ulong NextRaw()
    {
        _state += Golden;
        return Mix(_state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
