using System.Net;
using System.Net.Sockets;

namespace Kiln.Testing;

/// <summary>
/// Holds tasks running on executor processes until the test lets them go, without sleeps: a UDF calls
/// <see cref="Block"/>, which connects to the test's port and waits for one byte; the test knows the tasks run once it
/// has accepted their connections (<see cref="WaitForAsync"/>) and releases them by writing (<see cref="Release"/>).
/// Tasks arriving after the release (retries) pass at once. Linked into the test projects that run jobs on executors.
/// </summary>
internal sealed class TaskGate : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _passing;

    public TaskGate()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    /// <summary>The port tasks connect to: capture it in the UDF.</summary>
    public int Port { get; }

    /// <summary>Called in a task: blocks until the test releases the gate.</summary>
    public static void Block(int port)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        _ = client.GetStream().ReadByte();
    }

    /// <summary>Completes once <paramref name="tasks"/> tasks are held at the gate.</summary>
    public async Task WaitForAsync(int tasks, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (_held.Count < tasks)
        {
            _held.Add(await _listener.AcceptTcpClientAsync(cancel.Token));
        }
    }

    /// <summary>Lets the held tasks go on, and every later one pass.</summary>
    public void Release()
    {
        foreach (var client in _held)
        {
            client.GetStream().WriteByte(1);
            client.Dispose();
        }

        _held.Clear();
        _passing ??= Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                client.GetStream().WriteByte(1);
            }
        });
    }

    public void Dispose()
    {
        foreach (var client in _held)
        {
            client.Dispose();
        }

        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
