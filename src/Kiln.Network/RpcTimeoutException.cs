namespace Kiln.Network;

/// <summary>An RPC call got no answer within its timeout (<c>kiln.rpc.askTimeout</c> unless the caller gave one).</summary>
public sealed class RpcTimeoutException : NetworkException
{
    public RpcTimeoutException(NetworkAddress address, string endpoint, string messageType, TimeSpan timeout)
        : base(address, endpoint, $"RPC {messageType} to endpoint '{endpoint}' at {address} got no answer within {timeout.TotalSeconds:0.###}s (kiln.rpc.askTimeout)")
    {
        MessageType = messageType;
        Timeout = timeout;
    }

    public string MessageType { get; }

    public TimeSpan Timeout { get; }
}
