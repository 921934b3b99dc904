namespace Kiln.Cli;

/// <summary>The command line itself is wrong (unknown command or option, missing value); exit code 2.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }
}
