namespace Kiln.Network;

/// <summary>The peer speaks another version of Kiln's network protocol: driver and executors run different Kiln versions.</summary>
public sealed class ProtocolVersionMismatchException : HandshakeException
{
    public ProtocolVersionMismatchException(NetworkAddress address, int localVersion, int remoteVersion)
        : base(
            address,
            $"the peer at {address} speaks Kiln network protocol version {remoteVersion} but this process speaks version {localVersion}; " +
            "the driver and its executors must run the same Kiln version")
    {
        LocalVersion = localVersion;
        RemoteVersion = remoteVersion;
    }

    public int LocalVersion { get; }

    public int RemoteVersion { get; }
}
