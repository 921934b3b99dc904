using System.Text.Json.Nodes;
using Kiln.Kubernetes;
using Kiln.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>Registers one Node and keeps it Ready: a status heartbeat and a node Lease renewal every 10 seconds.</summary>
internal sealed class NodeRegistrar(string nodeName, string address, KubernetesClient client, AgentOptions options, ILogger logger)
{
    private readonly DateTimeOffset _registeredAt = DateTimeOffset.UtcNow;

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var node = new Node
        {
            Metadata = new ObjectMeta
            {
                Name = nodeName,
                Labels = new()
                {
                    ["kubernetes.io/hostname"] = nodeName,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["kiln.dev/test-node"] = "true",
                },
            },
            Spec = new NodeSpec(),
        };
        try
        {
            await client.Nodes.CreateAsync(node, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesConflictException)
        {
        }

        await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        Log.NodeRegistered(logger, nodeName, address);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.HeartbeatFailed(logger, nodeName, e);
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var resources = new Dictionary<string, string>
        {
            ["cpu"] = options.Cpu,
            ["memory"] = options.Memory,
            ["pods"] = "110",
            ["ephemeral-storage"] = "100Gi",
        };
        NodeCondition Condition(string type, string status, string reason) =>
            new() { Type = type, Status = status, Reason = reason, LastHeartbeatTime = now, LastTransitionTime = _registeredAt };
        var status = new NodeStatus
        {
            Capacity = resources,
            Allocatable = resources,
            Conditions =
            [
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory"),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure"),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID"),
                Condition("Ready", "True", "KubeletReady"),
            ],
            Addresses = [new NodeAddress { Type = "InternalIP", Address = address }, new NodeAddress { Type = "Hostname", Address = nodeName }],
            DaemonEndpoints = new NodeDaemonEndpoints { KubeletEndpoint = new DaemonEndpoint { Port = options.KubeletPort } },
            NodeInfo = new NodeSystemInfo
            {
                MachineID = nodeName,
                SystemUUID = nodeName,
                BootID = _registeredAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                KernelVersion = Environment.OSVersion.Version.ToString(),
                OsImage = "Kiln test node (local processes)",
                ContainerRuntimeVersion = "kiln-process://0.1",
                KubeletVersion = "v1.20.2",
                KubeProxyVersion = "v1.20.2",
                OperatingSystem = "linux",
                Architecture = "amd64",
            },
        };
        await client.Nodes.PatchStatusAsync(null, nodeName, KubernetesPatch.StrategicMerge(new { status }), cancellationToken).ConfigureAwait(false);
        await RenewLeaseAsync(now, cancellationToken).ConfigureAwait(false);
    }

    private async Task RenewLeaseAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var patch = KubernetesPatch.Merge(new JsonObject
        {
            ["spec"] = new JsonObject { ["renewTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) },
        });
        try
        {
            await client.Leases.PatchAsync("kube-node-lease", nodeName, patch, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            await client.Leases.CreateAsync(
                new Lease
                {
                    Metadata = new ObjectMeta { Name = nodeName, Namespace = "kube-node-lease" },
                    Spec = new LeaseSpec { HolderIdentity = nodeName, LeaseDurationSeconds = 40, RenewTime = now },
                },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
