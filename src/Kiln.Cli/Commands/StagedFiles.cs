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
    /// <returns>The bundle fetched, or null when the pod names none.</returns>
    public static PodStaging.Location? Fetch(string who)
    {
        if (PodStaging.Locate(Environment.GetEnvironmentVariable) is not { } location)
        {
            return null;
        }

        using var stop = new StopSignals();
        var files = location.FetchAsync(stop.Token).GetAwaiter().GetResult();
        Console.Error.WriteLine($"kiln {who}: fetched {files} staged files ({location}) into {location.Into}");
        return location;
    }

    /// <summary>Deletes the bundle once the application has ended; a failure is reported (the server's TTL removes it later).</summary>
    public static void Delete(PodStaging.Location location)
    {
        try
        {
            location.DeleteAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (StagingException e)
        {
            Console.Error.WriteLine($"kiln driver: could not delete the staged files ({e.Message}); the staging server removes them when their TTL expires");
        }
    }
}
