using Kiln.TestCluster;
using Microsoft.Extensions.Logging;

// Kiln's test-cluster node agent:
//   Kiln.TestCluster agent --kubeconfig FILE --state-dir DIR [--nodes a,b] [--cpu 4] [--memory 8Gi]
//                          [--kubelet-port 26250] [--api-port 26443] [--images "img=dir;img2=dir2"]
//   Kiln.TestCluster incluster-check   (run inside a pod: lists ConfigMaps with the in-cluster configuration)
if (args.Length > 0 && args[0] == "incluster-check")
{
    return await InClusterCheck.RunAsync(CancellationToken.None).ConfigureAwait(false);
}

if (args.Length == 0 || args[0] != "agent")
{
    Console.Error.WriteLine("usage: Kiln.TestCluster agent --kubeconfig FILE --state-dir DIR [options]");
    return 2;
}

var options = AgentOptions.Parse(args[1..]);
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
}));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM,
    ctx =>
    {
        ctx.Cancel = true;
        stop.Cancel();
    });

var agent = new NodeAgent(options, loggerFactory);
await using (agent.ConfigureAwait(false))
{
    await agent.RunAsync(stop.Token).ConfigureAwait(false);
}

return 0;
