namespace Kiln.Common.Errors;

/// <summary>An unknown configuration key or an invalid value for a known one.</summary>
public sealed class ConfigException : KilnException
{
    public ConfigException(string key, string message, Exception? inner = null)
        : base(message, inner) => Key = key;

    public string Key { get; }
}
