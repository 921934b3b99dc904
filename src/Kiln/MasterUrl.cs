using Kiln.Common.Errors;

namespace Kiln;

/// <summary>Parses master URLs: <c>local</c> (one thread), <c>local[N]</c>, <c>local[*]</c> (one per core).</summary>
public static class MasterUrl
{
    public static int Threads(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (master == "local")
        {
            return 1;
        }

        if (master == "local[*]")
        {
            return Environment.ProcessorCount;
        }

        if (master.StartsWith("local[", StringComparison.Ordinal) && master.EndsWith(']') && int.TryParse(master[6..^1], out var n) && n > 0)
        {
            return n;
        }

        throw new ConfigException("kiln.master", $"'{master}' is not a supported master; use local, local[N] or local[*]");
    }
}
