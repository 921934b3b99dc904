using System.Net.Sockets;
using Kiln.Common.Errors;

namespace Kiln.Common.Tests.Errors;

public sealed class ExceptionMessagesTests
{
    [Fact]
    public void The_causes_below_a_vague_message_are_added_once_each()
    {
        var refused = new SocketException((int)SocketError.ConnectionRefused);
        var e = new HttpRequestException("An error occurred while sending the request.", new IOException("connect failed: " + refused.Message, refused));

        Assert.Equal($"An error occurred while sending the request. (connect failed: {refused.Message})", ExceptionMessages.WithCauses(e));
    }

    [Fact]
    public void An_exception_without_causes_keeps_its_message()
    {
        Assert.Equal("no such file", ExceptionMessages.WithCauses(new FileNotFoundException("no such file")));
    }
}
