namespace Kiln.Network;

/// <summary>
/// A failure talking to another Kiln process. It is an <see cref="IOException"/>: retrying later may succeed,
/// unlike Kiln's own input and configuration errors.
/// </summary>
public class NetworkException : IOException
{
    public NetworkException(NetworkAddress address, string? endpoint, string message, Exception? inner = null)
        : base(message, inner)
    {
        Address = address;
        Endpoint = endpoint;
    }

    /// <summary>The peer's address.</summary>
    public NetworkAddress Address { get; }

    /// <summary>The RPC endpoint name the call was for, when the failure belongs to a call.</summary>
    public string? Endpoint { get; }
}
