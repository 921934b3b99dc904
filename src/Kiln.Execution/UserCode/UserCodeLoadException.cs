using Kiln.Common.Errors;

namespace Kiln.Execution.UserCode;

/// <summary>An executor could not find the application code a task refers to (a missing assembly, or a different build).</summary>
public sealed class UserCodeLoadException : KilnException
{
    public UserCodeLoadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
