using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>A data source option with an unknown name or a value that cannot be used.</summary>
public sealed class InvalidOptionException : KilnException
{
    public InvalidOptionException(string option, string? value, string message)
        : base(message)
    {
        Option = option;
        Value = value;
    }

    public string Option { get; }

    /// <summary>The rejected value; null when the option name itself is unknown.</summary>
    public string? Value { get; }
}
