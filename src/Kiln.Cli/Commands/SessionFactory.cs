using Kiln.Cli.Output;
using Kiln.Common.Config;

namespace Kiln.Cli.Commands;

/// <summary>Creates the session for a command from its options, with progress bars when on a terminal.</summary>
public static class SessionFactory
{
    public static (KilnSession Session, IDisposable? Progress) Create(CliArgs cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var session = KilnSession.Create(cli.BuildConf());
        if (session.Conf.Get(ConfigKeys.ShowProgress) && ConsoleProgressListener.IsTerminal)
        {
            var progress = new ConsoleProgressListener();
            session.Listener = progress;
            return (session, progress);
        }

        return (session, null);
    }
}
