using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;
using Kiln.Network.Protocol;

namespace Kiln.Network.Transport;

/// <summary>
/// Opens every connection, RPC and block transfer alike: protocol magic and version, then mutual
/// authentication with the application secret, which never crosses the wire. With TLS on, all of it runs
/// inside the TLS session (TLS handshake first).
/// <code>
///  client                                                            server
///    | -- "KILN" | version:u16 LE | 0:u16 ------------------------------> |  not "KILN": refuse (names TLS bytes)
///    | &lt;- "KILN" | version:u16 LE | 0:u16 ------------------------------- |  always sent: versions differ ->
///    |    versions differ: ProtocolVersionMismatchException                 |  log both versions, close
///    | -- ClientHello { cn: 32 random bytes } ----------------------------> |
///    | &lt;- ServerHello { sn: 32 random bytes } ----------------------------- |
///    | -- ClientProof { HMAC-SHA256(secret, "kiln-client-proof"|cn|sn) } -> |  wrong: HandshakeResult{refused},
///    |                                                                      |  log the reason, close
///    | &lt;- HandshakeResult { accepted,                                       |
///    |      proof = HMAC-SHA256(secret, "kiln-server-proof"|cn|sn) } ------ |
///    |    client checks the server's proof (else AuthenticationFailed)      |
///    |  ... frames (FrameHeader) in both directions ...                     |
/// </code>
/// The client proves first, so a peer without the secret learns no proof at all and every refusal is logged by
/// the server with its reason; the server's proof then shows the client it reached its own application.
/// Handshake messages travel in frames of at most <see cref="MaxFramePayload"/> bytes, so an unauthenticated
/// peer cannot make the server allocate; the whole exchange is bounded by <c>kiln.network.timeout</c>.
/// Without TLS the challenge/response keeps out peers without the secret, but does not hide or protect the
/// data from someone on the path: switch TLS on for that.
/// </summary>
internal static class Handshake
{
    public const int PreambleSize = 8;
    public const int MaxFramePayload = 1024;
    private const int NonceSize = 32;
    private const string ClientLabel = "kiln-client-proof";
    private const string ServerLabel = "kiln-server-proof";

    private static ReadOnlySpan<byte> Magic => "KILN"u8;

    /// <summary>Runs the client side; returns when the server has accepted this process.</summary>
    /// <exception cref="HandshakeException">Refused or failed; the subclass says why.</exception>
    public static async Task RunClientAsync(Stream stream, NetworkAddress remote, NetworkOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await WritePreambleAsync(stream, options.ProtocolVersion, cancellationToken).ConfigureAwait(false);
            var preamble = new byte[PreambleSize];
            if (await stream.ReadAtLeastAsync(preamble, PreambleSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < PreambleSize)
            {
                throw new HandshakeException(remote, $"the peer at {remote} closed the connection during the handshake; is TLS (kiln.network.tls.enabled) switched on at one end only?");
            }

            if (!preamble.AsSpan(0, 4).SequenceEqual(Magic))
            {
                throw new HandshakeException(remote, $"the peer at {remote} is not a Kiln endpoint (unexpected handshake bytes); check the address, and that TLS is on at both ends or neither");
            }

            var version = BinaryPrimitives.ReadUInt16LittleEndian(preamble.AsSpan(4));
            if (version != options.ProtocolVersion)
            {
                throw new ProtocolVersionMismatchException(remote, options.ProtocolVersion, version);
            }

            var clientNonce = RandomNumberGenerator.GetBytes(NonceSize);
            await WriteFrameAsync(stream, FrameType.ClientHello, new ClientHello { Nonce = ByteString.CopyFrom(clientNonce) }, cancellationToken).ConfigureAwait(false);
            var hello = await ReadFrameAsync(stream, FrameType.ServerHello, ServerHello.Parser, cancellationToken).ConfigureAwait(false)
                ?? throw new HandshakeException(remote, $"the peer at {remote} closed the connection during the handshake");
            var serverNonce = hello.Nonce.ToByteArray();
            if (serverNonce.Length != NonceSize)
            {
                throw new InvalidDataException("bad challenge");
            }

            var proof = options.Secret.Prove(ClientLabel, clientNonce, serverNonce);
            await WriteFrameAsync(stream, FrameType.ClientProof, new ClientProof { Proof = ByteString.CopyFrom(proof) }, cancellationToken).ConfigureAwait(false);
            var result = await ReadFrameAsync(stream, FrameType.HandshakeResult, HandshakeResult.Parser, cancellationToken).ConfigureAwait(false)
                ?? throw new HandshakeException(remote, $"the peer at {remote} closed the connection during the handshake");
            if (!result.Accepted)
            {
                throw new AuthenticationFailedException(remote, $"the server at {remote} refused this process: {result.Reason}");
            }

            if (!CryptographicOperations.FixedTimeEquals(result.Proof.Span, options.Secret.Prove(ServerLabel, clientNonce, serverNonce)))
            {
                throw new AuthenticationFailedException(
                    remote,
                    $"the server at {remote} could not prove it knows this application's secret: it belongs to another application or was started with a different kiln.authenticate.secret");
            }
        }
        catch (InvalidDataException e)
        {
            throw new HandshakeException(remote, $"the peer at {remote} sent a malformed handshake: {e.Message}", e);
        }
        catch (IOException e) when (e is not NetworkException)
        {
            throw new HandshakeException(remote, $"the connection to {remote} failed during the handshake; is TLS (kiln.network.tls.enabled) switched on at one end only?", e);
        }
    }

    /// <summary>Runs the server side; returns when the client is authenticated.</summary>
    /// <exception cref="ConnectionRefusedException">The client was refused; the reason is for the log.</exception>
    public static async Task RunServerAsync(Stream stream, NetworkOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var preamble = new byte[PreambleSize];
            if (await stream.ReadAtLeastAsync(preamble, PreambleSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < PreambleSize)
            {
                throw new ConnectionRefusedException("it closed the connection before completing the handshake");
            }

            if (preamble[0] == 0x16 && preamble[1] == 0x03)
            {
                throw new ConnectionRefusedException("it started a TLS handshake but TLS is off on this endpoint (kiln.network.tls.enabled)");
            }

            if (!preamble.AsSpan(0, 4).SequenceEqual(Magic))
            {
                throw new ConnectionRefusedException("it is not a Kiln peer (unexpected handshake bytes)");
            }

            await WritePreambleAsync(stream, options.ProtocolVersion, cancellationToken).ConfigureAwait(false);
            var version = BinaryPrimitives.ReadUInt16LittleEndian(preamble.AsSpan(4));
            if (version != options.ProtocolVersion)
            {
                throw new ConnectionRefusedException(
                    $"it speaks Kiln network protocol version {version} but this process speaks version {options.ProtocolVersion}; the driver and its executors must run the same Kiln version");
            }

            var hello = await ReadFrameAsync(stream, FrameType.ClientHello, ClientHello.Parser, cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectionRefusedException("it closed the connection during the handshake");
            var clientNonce = hello.Nonce.ToByteArray();
            if (clientNonce.Length != NonceSize)
            {
                throw new ConnectionRefusedException("malformed handshake (bad challenge)");
            }

            var serverNonce = RandomNumberGenerator.GetBytes(NonceSize);
            await WriteFrameAsync(stream, FrameType.ServerHello, new ServerHello { Nonce = ByteString.CopyFrom(serverNonce) }, cancellationToken).ConfigureAwait(false);
            var proof = await ReadFrameAsync(stream, FrameType.ClientProof, ClientProof.Parser, cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectionRefusedException("it closed the connection during authentication");
            if (!CryptographicOperations.FixedTimeEquals(proof.Proof.Span, options.Secret.Prove(ClientLabel, clientNonce, serverNonce)))
            {
                var refusal = new HandshakeResult
                {
                    Accepted = false,
                    Reason = "authentication failed: this process was not started with the application's secret (kiln.authenticate.secret)",
                };
                await WriteFrameAsync(stream, FrameType.HandshakeResult, refusal, cancellationToken).ConfigureAwait(false);
                throw new ConnectionRefusedException("authentication failed: the peer does not know the application's secret");
            }

            var accepted = new HandshakeResult { Accepted = true, Proof = ByteString.CopyFrom(options.Secret.Prove(ServerLabel, clientNonce, serverNonce)) };
            await WriteFrameAsync(stream, FrameType.HandshakeResult, accepted, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new ConnectionRefusedException($"malformed handshake ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new ConnectionRefusedException("the connection failed during the handshake", e);
        }
    }

    private static async Task WritePreambleAsync(Stream stream, ushort version, CancellationToken cancellationToken)
    {
        var preamble = new byte[PreambleSize];
        Magic.CopyTo(preamble);
        BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(4), version);
        await stream.WriteAsync(preamble, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteFrameAsync(Stream stream, FrameType type, IMessage message, CancellationToken cancellationToken)
    {
        var size = message.CalculateSize();
        var buffer = new byte[FrameHeader.Size + size];
        new FrameHeader(type, FrameFlags.None, 0, size).Write(buffer);
        message.WriteTo(buffer.AsSpan(FrameHeader.Size));
        await stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one handshake frame of the expected type; null at a clean end of stream.</summary>
    private static async Task<T?> ReadFrameAsync<T>(Stream stream, FrameType expected, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var headerBytes = new byte[FrameHeader.Size];
        var got = await stream.ReadAtLeastAsync(headerBytes, FrameHeader.Size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < FrameHeader.Size)
        {
            throw new InvalidDataException("truncated handshake frame");
        }

        var header = FrameHeader.Read(headerBytes, MaxFramePayload);
        if (header.Type != expected)
        {
            throw new InvalidDataException($"expected a {expected} frame, got {header.Type}");
        }

        var payload = new byte[header.Length];
        await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"undecodable {expected} message", e);
        }
    }
}
