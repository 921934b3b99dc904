namespace Kiln.Ui;

/// <summary>The applications a UI server shows: the one live application of a driver, or those of the history server's logs.</summary>
/// <remarks>Called from request threads concurrently.</remarks>
public interface IStatusSource
{
    /// <summary>True for the history server: pages live under /history/APPID/ and / lists the applications.</summary>
    bool IsHistory { get; }

    IReadOnlyList<AppEntry> Applications();

    AppEntry? Find(string appId);
}
