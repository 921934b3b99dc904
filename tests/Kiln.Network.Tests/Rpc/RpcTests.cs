using System.Collections.Concurrent;
using Google.Protobuf;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;
using Kiln.Network.Tests.TestSupport;

namespace Kiln.Network.Tests.Rpc;

public sealed class RpcTests : IAsyncLifetime
{
    private readonly CapturingLoggerFactory _logs = new();
    private readonly ConcurrentQueue<long> _updates = new();
    private readonly TaskCompletionSource _handlerCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _handlerStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RpcEnv _driver = null!;
    private RpcEnv _executor = null!;

    public Task InitializeAsync()
    {
        _driver = RpcEnv.Listen(TestNetwork.Options(_logs), TestNetwork.Loopback);
        _driver.RegisterEndpoint("driver", new RpcHandlers()
            .OnAsk<RegisterExecutor, RegisterExecutorResponse>((m, ctx, _) => ValueTask.FromResult(new RegisterExecutorResponse
            {
                Accepted = m.Cores > 0,
                Reason = m.Cores > 0 ? "" : "an executor needs at least one core",
                AppId = "app-1",
            }))
            .OnSend<TaskStatusUpdate>((m, _, _) =>
            {
                _updates.Enqueue(m.TaskId);
                return ValueTask.CompletedTask;
            })
            .OnAsk<KillTask, Ack>(async (_, _, token) =>
            {
                _handlerStarted.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    _handlerCancelled.TrySetResult();
                    throw;
                }

                return new Ack();
            })
            .OnAsk<RemoveExecutor, Ack>((m, _, _) => throw new InvalidOperationException($"executor {m.ExecutorId} is unknown")));
        _driver.RegisterEndpoint("echo", new RpcHandlers { Sequential = false }
            .OnAsk<Heartbeat, HeartbeatResponse>(async (m, _, token) =>
            {
                await Task.Delay(Random.Shared.Next(5), token);
                return new HeartbeatResponse { Reregister = m.ExecutorId.EndsWith('7') };
            }));
        _executor = RpcEnv.Create(TestNetwork.Options());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _executor.DisposeAsync();
        await _driver.DisposeAsync();
    }

    private RpcEndpointRef Driver => _executor.EndpointRef(_driver.Address!.Value, "driver");

    [Fact]
    public async Task An_ask_returns_the_handlers_answer()
    {
        var accepted = await Driver.AskAsync<RegisterExecutorResponse>(new RegisterExecutor { ExecutorId = "1", Cores = 2 });
        var refused = await Driver.AskAsync<RegisterExecutorResponse>(new RegisterExecutor { ExecutorId = "2", Cores = 0 });
        Assert.Equal((true, "app-1"), (accepted.Accepted, accepted.AppId));
        Assert.Equal((false, "an executor needs at least one core"), (refused.Accepted, refused.Reason));
    }

    [Fact]
    public async Task One_way_messages_from_one_sender_are_handled_in_order()
    {
        for (var i = 0; i < 200; i++)
        {
            await Driver.SendAsync(new TaskStatusUpdate { TaskId = i, State = TaskState.Running });
        }

        await Eventually(() => _updates.Count == 200);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), _updates);
    }

    [Fact]
    public async Task Concurrent_calls_on_one_connection_each_get_their_own_answer()
    {
        var echo = _executor.EndpointRef(_driver.Address!.Value, "echo");
        var calls = Enumerable.Range(0, 500).Select(async i =>
        {
            var answer = await echo.AskAsync<HeartbeatResponse>(new Heartbeat { ExecutorId = $"exec-{i}" });
            return (i, answer.Reregister);
        });
        var answers = await Task.WhenAll(calls);
        Assert.All(answers, a => Assert.Equal(a.i % 10 == 7, a.Reregister));
        Assert.Equal(1, _driver.ServerConnectionCount);
    }

    [Fact]
    public async Task A_call_without_answer_times_out_and_the_handler_is_cancelled()
    {
        var e = await Assert.ThrowsAsync<RpcTimeoutException>(() => Driver.AskAsync<Ack>(new KillTask { TaskId = 1 }, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(("driver", "kiln.cluster.KillTask"), (e.Endpoint, e.MessageType));
        Assert.Contains("kiln.rpc.askTimeout", e.Message, StringComparison.Ordinal);
        await _handlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_a_call_cancels_the_handler()
    {
        using var cancel = new CancellationTokenSource();
        var call = Driver.AskAsync<Ack>(new KillTask { TaskId = 1 }, cancellationToken: cancel.Token);
        await _handlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _handlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_failing_handler_becomes_a_typed_remote_error_and_a_log_line()
    {
        var e = await Assert.ThrowsAsync<RpcRemoteException>(() => Driver.AskAsync<Ack>(new RemoveExecutor { ExecutorId = "9" }));
        Assert.Equal((RpcErrorCode.HandlerFailed, "System.InvalidOperationException"), (e.Code, e.RemoteExceptionType));
        Assert.Contains("executor 9 is unknown", e.Message, StringComparison.Ordinal);
        await _logs.WaitForAsync(l => l.EventId.Name == "HandlerFailed" && l.Exception is InvalidOperationException);

        // The connection survives a failed handler.
        Assert.True((await Driver.AskAsync<RegisterExecutorResponse>(new RegisterExecutor { Cores = 1 })).Accepted);
    }

    [Fact]
    public async Task Unknown_endpoints_and_message_types_are_answered_with_typed_errors()
    {
        var missing = await Assert.ThrowsAsync<RpcRemoteException>(() =>
            _executor.EndpointRef(_driver.Address!.Value, "nobody").AskAsync<Ack>(new Heartbeat()));
        Assert.Equal(RpcErrorCode.NoSuchEndpoint, missing.Code);
        var unhandled = await Assert.ThrowsAsync<RpcRemoteException>(() => Driver.AskAsync<Ack>(new StopExecutor()));
        Assert.Equal(RpcErrorCode.NoSuchHandler, unhandled.Code);
        Assert.Contains("kiln.cluster.StopExecutor", unhandled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_dies_mid_call_fails_the_pending_call_with_the_endpoint_named()
    {
        var call = Driver.AskAsync<Ack>(new KillTask { TaskId = 1 });
        await _handlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var address = _driver.Address!.Value;
        await _driver.DisposeAsync();
        var e = await Assert.ThrowsAsync<PeerUnavailableException>(() => call);
        Assert.Equal(("driver", address), (e.Endpoint, e.Address));
        Assert.Contains($"endpoint 'driver' at {address}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_call_reconnects_after_the_peer_restarts()
    {
        Assert.True((await Driver.AskAsync<RegisterExecutorResponse>(new RegisterExecutor { Cores = 1 })).Accepted);
        var address = _driver.Address!.Value;
        await _driver.DisposeAsync();
        await Assert.ThrowsAsync<PeerUnavailableException>(() => Driver.AskAsync<RegisterExecutorResponse>(new RegisterExecutor { Cores = 1 }));

        _driver = RpcEnv.Listen(TestNetwork.Options(), address);
        _driver.RegisterEndpoint("driver", new RpcHandlers()
            .OnAsk<RegisterExecutor, RegisterExecutorResponse>((_, _, _) => ValueTask.FromResult(new RegisterExecutorResponse { Accepted = true, AppId = "app-2" })));
        Assert.Equal("app-2", (await _executor.EndpointRef(address, "driver").AskAsync<RegisterExecutorResponse>(new RegisterExecutor())).AppId);
    }

    [Fact]
    public async Task An_unreachable_peer_fails_fast_with_its_address()
    {
        var address = TestNetwork.UnusedAddress();
        var e = await Assert.ThrowsAsync<PeerUnavailableException>(() => _executor.EndpointRef(address, "driver").AskAsync<Ack>(new Heartbeat()));
        Assert.Equal(("driver", address), (e.Endpoint, e.Address));
        Assert.Contains("cannot connect", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_driver_talks_back_to_an_executor_over_the_executors_connection()
    {
        var launched = new TaskCompletionSource<LaunchTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var driver = RpcEnv.Listen(TestNetwork.Options(), TestNetwork.Loopback);
        driver.RegisterEndpoint("driver", new RpcHandlers()
            .OnAsk<RegisterExecutor, RegisterExecutorResponse>(async (m, ctx, token) =>
            {
                var executor = ctx.CallerEndpoint("executor");
                await executor.SendAsync(new LaunchTask { TaskId = 42, Payload = ByteString.CopyFromUtf8("plan") }, token);
                return new RegisterExecutorResponse { Accepted = true };
            }));

        // The executor does not listen: the only connection is the one it opens to the driver.
        await using var executor = RpcEnv.Create(TestNetwork.Options());
        executor.RegisterEndpoint("executor", new RpcHandlers()
            .OnSend<LaunchTask>((m, _, _) =>
            {
                launched.TrySetResult(m);
                return ValueTask.CompletedTask;
            }));
        Assert.Null(executor.Address);
        await executor.EndpointRef(driver.Address!.Value, "driver").AskAsync<RegisterExecutorResponse>(new RegisterExecutor { ExecutorId = "1" });
        var task = await launched.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((42, "plan"), (task.TaskId, task.Payload.ToStringUtf8()));
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_before_sending()
    {
        await using var small = RpcEnv.Create(TestNetwork.Options() with { MaxMessageSize = 64 << 10 });
        var big = new LaunchTask { Payload = ByteString.CopyFrom(new byte[100 << 10]) };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => small.EndpointRef(_driver.Address!.Value, "driver").SendAsync(big));
        Assert.Contains("kiln.rpc.message.maxSize", e.Message, StringComparison.Ordinal);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
