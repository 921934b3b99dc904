using Kiln.Common.Errors;

namespace Kiln.Staging;

/// <summary>A staging request or bundle that failed, with a message naming the server and what to do.</summary>
public sealed class StagingException : KilnException
{
    public StagingException(string message)
        : base(message)
    {
    }

    public StagingException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
