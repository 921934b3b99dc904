namespace Kiln.Network;

/// <summary>
/// Mutual authentication failed: one side does not know the application's secret (<c>kiln.authenticate.secret</c>).
/// Driver and executors of one application must be started with the same secret.
/// </summary>
public sealed class AuthenticationFailedException : HandshakeException
{
    public AuthenticationFailedException(NetworkAddress address, string message)
        : base(address, message)
    {
    }
}
