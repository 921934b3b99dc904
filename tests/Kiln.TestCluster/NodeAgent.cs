using k8s;
using Kiln.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>
/// The test cluster's node agent: registers the configured Nodes (InternalIP 127.0.100.N) and keeps them
/// Ready, runs the pods bound to them as local processes (one <see cref="PodWorker"/> per node), serves
/// container logs on the kubelet port, and provisions volumes for claims of the "kiln-local" class.
/// </summary>
internal sealed class NodeAgent(AgentOptions options, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly IKubernetes _client = KubernetesClients.Create(
        KubernetesClients.LoadConfiguration(options.Kubeconfig),
        new KubernetesClientOptions { Qps = 200, Burst = 400 });

    private readonly ILogger _logger = loggerFactory.CreateLogger("Kiln.TestCluster");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.StateDirectory);
        var addresses = options.Nodes.Select((_, i) => $"127.0.100.{i + 1}").ToList();
        var registry = new PodRegistry();
        var ips = new PodIpAllocator();
        var server = new KubeletServer(addresses, options.KubeletPort, registry);
        await using var _ = server.ConfigureAwait(false);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var provisioner = new LocalVolumeProvisioner(_client, options, _logger);
        await provisioner.InstallStorageClassAsync(cancellationToken).ConfigureAwait(false);
        var loops = new List<Task> { provisioner.RunAsync(cancellationToken) };
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var registrar = new NodeRegistrar(options.Nodes[i], addresses[i], _client, options, _logger);
            await registrar.RegisterAsync(cancellationToken).ConfigureAwait(false);
            loops.Add(registrar.RunAsync(cancellationToken));
            loops.Add(new PodWorker(options.Nodes[i], addresses[i], _client, options, ips, registry, _logger).RunAsync(cancellationToken));
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
