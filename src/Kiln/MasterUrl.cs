using System.Globalization;
using Kiln.Common.Errors;

namespace Kiln;

/// <summary>
/// A parsed master URL: <c>local</c> (one thread), <c>local[N]</c>, <c>local[*]</c> (one per core) run tasks on
/// threads of this process (<see cref="LocalMaster"/>); <c>local-cluster[E,C,M]</c> starts E executor processes on
/// this machine with C cores and M MiB each (<see cref="LocalClusterMaster"/>).
/// </summary>
public abstract record MasterUrl
{
    /// <summary>How many tasks run at once; also the default number of partitions for scans.</summary>
    public abstract int TaskSlots { get; }

    /// <exception cref="ConfigException">Not a supported master.</exception>
    public static MasterUrl Parse(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (master == "local")
        {
            return new LocalMaster(1);
        }

        if (master == "local[*]")
        {
            return new LocalMaster(Environment.ProcessorCount);
        }

        if (master.StartsWith("local[", StringComparison.Ordinal) && master.EndsWith(']') && int.TryParse(master[6..^1], CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return new LocalMaster(n);
        }

        if (master.StartsWith("local-cluster[", StringComparison.Ordinal) && master.EndsWith(']'))
        {
            var parts = master["local-cluster[".Length..^1].Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 3 && Positive(parts[0], out var executors) && Positive(parts[1], out var cores) && Positive(parts[2], out var memory))
            {
                return new LocalClusterMaster(executors, cores, memory);
            }
        }

        throw new ConfigException("kiln.master", $"'{master}' is not a supported master; use local, local[N], local[*] or local-cluster[E,C,M] (E executors with C cores and M MiB each)");
    }

    private static bool Positive(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
