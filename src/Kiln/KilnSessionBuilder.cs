using Kiln.Common.Config;

namespace Kiln;

/// <summary>Builds a <see cref="KilnSession"/>: <c>KilnSession.Builder().Master("local[4]").Config("kiln.sql.shuffle.partitions", "16").GetOrCreate()</c>.</summary>
public sealed class KilnSessionBuilder
{
    private static readonly Lock DefaultsGate = new();
    private static KilnConf _defaults = new();

    private readonly KilnConf _conf = Defaults;

    /// <summary>
    /// The settings every new builder starts from (a copy). Empty unless the application was launched by
    /// <c>kiln submit</c>, which sets its <c>--master</c>, <c>--name</c> and <c>--conf</c> values here before it runs
    /// the application's Main, so that <c>KilnSession.Builder().GetOrCreate()</c> picks them up. Settings made on a
    /// builder override them, as in Spark.
    /// </summary>
    public static KilnConf Defaults
    {
        get
        {
            lock (DefaultsGate)
            {
                return _defaults.Clone();
            }
        }
    }

    /// <summary>Replaces the process-wide defaults (see <see cref="Defaults"/>); builders created afterwards start from a copy.</summary>
    /// <remarks>Thread-safe. Meant for launchers such as <c>kiln submit</c>, before the application starts.</remarks>
    public static void SetDefaults(KilnConf defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        lock (DefaultsGate)
        {
            _defaults = defaults.Clone();
        }
    }

    public KilnSessionBuilder Master(string master)
    {
        _conf.Set(ConfigKeys.Master.Key, master);
        return this;
    }

    public KilnSessionBuilder AppName(string name)
    {
        _conf.Set(ConfigKeys.AppName.Key, name);
        return this;
    }

    /// <summary>Sets any registered key (or its spark.* alias); unknown keys and invalid values throw at once.</summary>
    public KilnSessionBuilder Config(string key, string value)
    {
        _conf.Set(key, value);
        return this;
    }

    public KilnSession GetOrCreate() => KilnSession.Create(_conf.Clone());

    /// <summary>Starts the session without blocking a thread while executors come up; see <see cref="KilnSession.CreateAsync"/>.</summary>
    public Task<KilnSession> GetOrCreateAsync(CancellationToken cancellationToken = default) => KilnSession.CreateAsync(_conf.Clone(), cancellationToken);
}
