using Kiln.Common.Config;

namespace Kiln.Status.EventLog;

/// <summary>The event log settings of one application (<c>kiln.eventLog.*</c>).</summary>
public sealed record EventLogOptions(string Dir, bool Compress, bool Rolling, long MaxFileSize)
{
    public static EventLogOptions FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new EventLogOptions(
            conf.Get(MonitoringConfigKeys.EventLogDir),
            conf.Get(MonitoringConfigKeys.EventLogCompress),
            conf.Get(MonitoringConfigKeys.EventLogRolling),
            conf.Get(MonitoringConfigKeys.EventLogMaxFileSize));
    }
}
