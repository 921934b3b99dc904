namespace Kiln.Common.Errors;

/// <summary>
/// Messages of exceptions whose own text says little. .NET's network errors put the cause one or two levels down
/// (<c>HttpRequestException</c> "An error occurred while sending the request." over a <c>SocketException</c>
/// "Connection refused"), so a message shown to a user includes the causes that add something.
/// </summary>
public static class ExceptionMessages
{
    /// <summary><paramref name="e"/>'s message followed by each inner exception's message not already in it, in parentheses.</summary>
    public static string WithCauses(Exception e)
    {
        var text = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner.Message.Length > 0 && !text.Contains(inner.Message, StringComparison.Ordinal))
            {
                text += $" ({inner.Message})";
            }
        }

        return text;
    }
}
