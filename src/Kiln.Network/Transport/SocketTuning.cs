using System.Net.Sockets;

namespace Kiln.Network.Transport;

/// <summary>
/// Options set on every Kiln connection, client or server side: no Nagle delay (frames are written whole), and TCP
/// keepalive probes after a minute of silence, so a peer that vanished without a FIN (a deleted pod, a dropped
/// NAT or conntrack entry) is noticed within about 90 seconds and an idle connection is not silently expired by
/// middleboxes. The operating system's default (two hours) is far too long for either.
/// </summary>
internal static class SocketTuning
{
    private const int KeepAliveIdleSeconds = 60;
    private const int KeepAliveIntervalSeconds = 10;
    private const int KeepAliveProbes = 3;

    public static void Apply(Socket socket)
    {
        socket.NoDelay = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, KeepAliveIdleSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, KeepAliveIntervalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, KeepAliveProbes);
        }
        catch (SocketException)
        {
            // A platform without per-socket keepalive timing keeps the system default; keepalive itself is on.
        }
    }
}
