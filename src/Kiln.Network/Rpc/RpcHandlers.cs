using Google.Protobuf;

namespace Kiln.Network.Rpc;

/// <summary>
/// The handlers of one endpoint, by message type. Build it, then register it with
/// <see cref="RpcEnv.RegisterEndpoint"/>:
/// <code>
///   env.RegisterEndpoint("driver", new RpcHandlers()
///       .OnAsk&lt;RegisterExecutor, RegisterExecutorResponse&gt;(RegisterAsync)
///       .OnSend&lt;TaskStatusUpdate&gt;(StatusUpdateAsync));
/// </code>
/// </summary>
/// <remarks>
/// A message sent one-way to an ask handler runs it and drops the reply; a call to a one-way handler is answered
/// with <c>Ack</c> once the handler returns. Not thread-safe while being built; immutable once registered.
/// </remarks>
public sealed class RpcHandlers
{
    private readonly Dictionary<string, RpcHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>
    /// True (the default): messages to this endpoint are handled one at a time, in the order they arrived, so a
    /// sender's one-way updates are seen in order. False: each message is handled as soon as it arrives,
    /// concurrently with others.
    /// </summary>
    public bool Sequential { get; init; } = true;

    /// <summary>Handles calls carrying <typeparamref name="TRequest"/>; the returned message is the answer.</summary>
    public RpcHandlers OnAsk<TRequest, TResponse>(Func<TRequest, RpcCallContext, CancellationToken, ValueTask<TResponse>> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add<TRequest>(async (message, context, token) => await handler((TRequest)message, context, token).ConfigureAwait(false));
    }

    /// <summary>Handles one-way messages of type <typeparamref name="TMessage"/>.</summary>
    public RpcHandlers OnSend<TMessage>(Func<TMessage, RpcCallContext, CancellationToken, ValueTask> handler)
        where TMessage : IMessage<TMessage>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add<TMessage>(async (message, context, token) =>
        {
            await handler((TMessage)message, context, token).ConfigureAwait(false);
            return null;
        });
    }

    internal bool TryGet(string messageType, out RpcHandler handler) => _handlers.TryGetValue(messageType, out handler!);

    private RpcHandlers Add<T>(Func<IMessage, RpcCallContext, CancellationToken, ValueTask<IMessage?>> invoke)
        where T : IMessage<T>, new()
    {
        var name = new T().Descriptor.FullName;
        if (!_handlers.TryAdd(name, new RpcHandler(new MessageParser<T>(() => new T()), invoke)))
        {
            throw new InvalidOperationException($"a handler for {name} is already registered");
        }

        return this;
    }
}

/// <summary>A registered handler: how to decode its message and what to run.</summary>
internal sealed record RpcHandler(MessageParser Parser, Func<IMessage, RpcCallContext, CancellationToken, ValueTask<IMessage?>> Invoke);
