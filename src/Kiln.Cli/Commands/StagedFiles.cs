using Kiln.Staging;
using Kiln.Staging.Client;

namespace Kiln.Cli.Commands;

/// <summary>
/// The start of a driver or executor pod whose application was staged on the resource staging server: fetch the
/// bundle the pod's environment names (<see cref="PodStaging"/>) before anything else, with one line on standard error.
/// A failure is a <see cref="StagingException"/> naming the server and the cause, and the pod ends with exit code 1.
/// </summary>
internal static class StagedFiles
{
    /// <returns>True when a bundle was fetched.</returns>
    public static bool Fetch(string who)
    {
        using var stop = new StopSignals();
        if (PodStaging.Locate(Environment.GetEnvironmentVariable) is not { } location)
        {
            return false;
        }

        var files = PodStaging.FetchAsync(Environment.GetEnvironmentVariable, stop.Token).GetAwaiter().GetResult();
        Console.Error.WriteLine($"kiln {who}: fetched {files} staged files ({location}) into {location.Into}");
        return true;
    }

    /// <summary>Deletes the bundle once the application has ended; a failure is reported (the server's TTL removes it later).</summary>
    public static void Delete()
    {
        try
        {
            PodStaging.DeleteAsync(Environment.GetEnvironmentVariable, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (StagingException e)
        {
            Console.Error.WriteLine($"kiln driver: could not delete the staged files ({e.Message}); the staging server removes them when their TTL expires");
        }
    }
}
