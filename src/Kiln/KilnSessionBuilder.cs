using Kiln.Common.Config;

namespace Kiln;

/// <summary>Builds a <see cref="KilnSession"/>: <c>KilnSession.Builder().Master("local[4]").Config("kiln.sql.shuffle.partitions", "16").GetOrCreate()</c>.</summary>
public sealed class KilnSessionBuilder
{
    private readonly KilnConf _conf = new();

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
}
