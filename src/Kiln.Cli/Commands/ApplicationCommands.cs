using System.Globalization;
using Kiln.Cluster.Kubernetes.Submission;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln status NS:GLOB</c>, <c>kiln kill NS:GLOB [--grace-period S]</c>, <c>kiln logs NS:NAME [-f] [--executor ID]</c>
/// and <c>kiln list [NS]</c>: cluster-mode applications on Kubernetes, through the kubeconfig as kubectl uses it
/// (<c>--master k8s://...</c> picks the API server, as spark-submit's <c>--status</c> and <c>--kill</c> take it).
/// </summary>
public static class ApplicationCommands
{
    public static async Task<int> RunAsync(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        cli.Allow("--grace-period", "--executor", "-f", "--follow", "--all-namespaces");
        var conf = cli.BuildConf();
        using var apps = KubernetesApplications.Connect(cli.Option("--master"), conf, output);
        using var signals = new StopSignals();
        var token = signals.Token;
        if (cli.Command == "list")
        {
            var ns = cli.Flag("--all-namespaces") ? null : (cli.Positionals.Count > 0 ? cli.Positionals[0] : null) ?? (conf.IsSet(Cluster.Kubernetes.KubernetesConfigKeys.Namespace) ? conf.Get(Cluster.Kubernetes.KubernetesConfigKeys.Namespace) : null);
            return await apps.ListAsync(ns, TimeProvider.System, token).ConfigureAwait(false);
        }

        if (cli.Positionals.Count != 1)
        {
            throw new CliUsageException($"{cli.Command} takes one application: kiln {cli.Command} NAMESPACE:POD (the pod part may use * and ?)");
        }

        var selector = cli.Positionals[0];
        return cli.Command switch
        {
            "status" => await apps.StatusAsync(selector, token).ConfigureAwait(false),
            "kill" => await apps.KillAsync(selector, GracePeriod(cli), token).ConfigureAwait(false),
            "logs" => await apps.LogsAsync(selector, cli.Option("--executor"), cli.Flag("-f") || cli.Flag("--follow"), token).ConfigureAwait(false),
            _ => throw new CliUsageException($"unknown command '{cli.Command}'"),
        };
    }

    private static int? GracePeriod(CliArgs cli)
    {
        if (cli.Option("--grace-period") is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new CliUsageException($"--grace-period takes whole seconds, such as 30; got '{text}'");
    }
}
