namespace Kiln.Common.Errors;

/// <summary>Base of every error Kiln raises on purpose. Its message is written for the user: what is wrong and how to fix it.</summary>
public class KilnException : Exception
{
    public KilnException(string message)
        : base(message)
    {
    }

    public KilnException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
