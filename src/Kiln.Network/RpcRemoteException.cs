using Kiln.Network.Protocol;

namespace Kiln.Network;

/// <summary>
/// The peer received the call but answered with an error: the handler threw, or no such endpoint or handler
/// is registered there. <see cref="RemoteExceptionType"/> names the handler's exception type.
/// </summary>
public sealed class RpcRemoteException : NetworkException
{
    public RpcRemoteException(NetworkAddress address, string endpoint, RpcErrorCode code, string? remoteExceptionType, string message)
        : base(address, endpoint, message)
    {
        Code = code;
        RemoteExceptionType = remoteExceptionType;
    }

    public RpcErrorCode Code { get; }

    public string? RemoteExceptionType { get; }
}
