using k8s;
using k8s.Models;
using Kiln.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>Registers one Node and keeps it Ready: a status heartbeat and a node Lease renewal every 10 seconds.</summary>
internal sealed class NodeRegistrar(string nodeName, string address, IKubernetes client, AgentOptions options, ILogger logger)
{
    private readonly DateTime _registeredAt = DateTime.UtcNow;

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = nodeName,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = nodeName,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["kiln.dev/test-node"] = "true",
                },
            },
            Spec = new V1NodeSpec(),
        };
        try
        {
            await client.CoreV1.CreateNodeAsync(node, cancellationToken: cancellationToken).ConfigureAwait(false);
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
        var now = DateTime.UtcNow;
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(options.Cpu),
            ["memory"] = new(options.Memory),
            ["pods"] = new("110"),
            ["ephemeral-storage"] = new("100Gi"),
        };
        V1NodeCondition Condition(string type, string status, string reason) =>
            new() { Type = type, Status = status, Reason = reason, LastHeartbeatTime = now, LastTransitionTime = _registeredAt };
        var status = new V1NodeStatus
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
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = address }, new V1NodeAddress { Type = "Hostname", Address = nodeName }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = options.KubeletPort } },
            NodeInfo = new V1NodeSystemInfo
            {
                MachineID = nodeName,
                SystemUUID = nodeName,
                BootID = new DateTimeOffset(_registeredAt).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                KernelVersion = Environment.OSVersion.Version.ToString(),
                OsImage = "Kiln test node (local processes)",
                ContainerRuntimeVersion = "kiln-process://0.1",
                KubeletVersion = "v1.20.2",
                KubeProxyVersion = "v1.20.2",
                OperatingSystem = "linux",
                Architecture = "amd64",
            },
        };
        await client.CoreV1.PatchNodeStatusAsync(new V1Patch(new { status }, V1Patch.PatchType.StrategicMergePatch), nodeName, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await RenewLeaseAsync(now, cancellationToken).ConfigureAwait(false);
    }

    private async Task RenewLeaseAsync(DateTime now, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(new { spec = new { renewTime = now } }, V1Patch.PatchType.MergePatch);
        try
        {
            await client.CoordinationV1.PatchNamespacedLeaseAsync(patch, nodeName, "kube-node-lease", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            await client.CoordinationV1.CreateNamespacedLeaseAsync(
                new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = nodeName, NamespaceProperty = "kube-node-lease" },
                    Spec = new V1LeaseSpec { HolderIdentity = nodeName, LeaseDurationSeconds = 40, RenewTime = now },
                },
                "kube-node-lease",
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
