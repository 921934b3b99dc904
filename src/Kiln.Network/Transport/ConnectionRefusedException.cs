namespace Kiln.Network.Transport;

/// <summary>The server side of <see cref="Handshake"/> refused a peer; <see cref="Exception.Message"/> is the reason to log.</summary>
internal sealed class ConnectionRefusedException : Exception
{
    public ConnectionRefusedException(string reason, Exception? inner = null)
        : base(reason, inner)
    {
    }
}
