using Kiln.Cli.Commands;
using Kiln.Common.Errors;

namespace Kiln.Cli;

/// <summary>
/// The <c>kiln</c> command: dispatches to a command and turns failures into one clear message and an exit code
/// (0 success, 1 the job or its input failed, 2 the command line is wrong).
/// </summary>
public static class CliApp
{
    public const string Usage = """
        usage: kiln <command> [options]

        commands:
          run [EXAMPLE]     run a bundled example job (examples: sales; default sales)
          submit APP.dll [ARGS]   run a Kiln application's Main as the driver (options before APP.dll);
                            --deploy-mode cluster runs the driver in a pod on a k8s:// master and waits for it
          status NS:POD     a cluster-mode application's driver pod status (POD may use * and ?)
          kill NS:POD       delete a cluster-mode application (its driver pod; executors and objects go with it)
                            [--grace-period SECONDS]
          logs NS:POD       print the driver's log [-f] [--executor ID]
          list [NS]         cluster-mode applications with state, age and executors [--all-namespaces]
          sql "QUERY"       run a SQL query over files registered with --table name=path[:csv|json|parquet] (.parquet paths are Parquet)
          datagen sales     generate the synthetic sales table as CSV (--rows N --out FILE)
          datagen tpch      generate the eight TPC-H tables (--sf N --out DIR [--format csv|parquet] [--overwrite] [--threads N])
          bench QUERY       time a benchmark query (groupby, sort) on a sales file (--input FILE [--out DIR])
          bench tpch        time the 22 TPC-H queries (--data DIR [--runs N] [--queries q1,q5] [--timeout SECONDS])
          bench shuffle-serve|shuffle-fetch   the two processes of bench/shuffle-throughput.sh
          bench tasks       scheduling overhead: empty tasks per second through the driver (--tasks N --runs N)
          bench executors   executor pod allocation on k8s://: time to N registered, pods per second (--executors N --runs N)
          history-server    serve the web UI and REST API of finished and running applications from their event logs
                            (--dir DIR [--port 18080])
          staging-server    the resource staging server: kiln submit uploads application files, pods fetch them
                            (--dir DIR [--port 10000] [--max-upload-bytes 1g] [--ttl 24h] [--tls-cert F --tls-key F])
          stage-resources   upload a directory and files to a staging server (--uri U [--dir D] [--files a,b] --secret-out F)
          fetch-resources   download and unpack staged files, as pods do at start (--uri U --id I --secret-file F --into D)
          conf              print the configuration reference (every key, default and alias)
          executor          run an executor process (started by a driver; see docs/cli.md)
          driver            run a cluster-mode driver (what a driver pod runs; see docs/cluster-mode.md)
          version           print the Kiln version

        common options (spark-submit style):
          --master MASTER   local, local[N], local[*] (default), local-cluster[E,C,M] or k8s://https://HOST:PORT
          --deploy-mode M   client (default: the driver runs here) or cluster (the driver runs in a pod; k8s:// only)
          --conf KEY=VALUE  any configuration key (kiln.* or its spark.* alias); repeatable
          --name NAME       application name
          --no-progress     no progress bars on the terminal
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (args.Length > 0 && args[0] == "submit" && !args.Skip(1).TakeWhile(a => a.StartsWith('-')).Any(a => a is "--help" or "-h"))
            {
                return SubmitCommand.Run(args[1..]);
            }

            if (args.Length > 0 && args[0] == "driver")
            {
                return DriverCommand.Run(args[1..]);
            }

            var cli = CliArgs.Parse(args);
            if (cli.Command is "help" or "--help" or "-h")
            {
                output.WriteLine(Usage);
                return 0;
            }

            if (cli.Flag("--help") || cli.Flag("-h"))
            {
                output.WriteLine(Usage);
                return 0;
            }

            return cli.Command switch
            {
                "version" or "--version" => VersionCommand.Run(output),
                "run" => RunCommand.Run(cli, output),
                "sql" => await SqlCommand.RunAsync(cli, output).ConfigureAwait(false),
                "datagen" => DatagenCommand.Run(cli, output),
                "bench" => BenchCommand.Run(cli, output),
                "conf" => ConfCommand.Run(output),
                "history-server" => await HistoryServerCommand.RunAsync(cli, output).ConfigureAwait(false),
                "staging-server" => await StagingServerCommand.RunAsync(cli, output).ConfigureAwait(false),
                "stage-resources" => await StageResourcesCommand.RunAsync(cli, output).ConfigureAwait(false),
                "fetch-resources" => await FetchResourcesCommand.RunAsync(cli, output).ConfigureAwait(false),
                "executor" => await ExecutorCommand.RunAsync(cli).ConfigureAwait(false),
                "status" or "kill" or "logs" or "list" => await ApplicationCommands.RunAsync(cli, output).ConfigureAwait(false),
                _ => throw new CliUsageException($"unknown command '{cli.Command}'"),
            };
        }
        catch (CliUsageException e)
        {
            error.WriteLine($"kiln: {e.Message}");
            error.WriteLine("run 'kiln --help' for usage");
            return 2;
        }
        catch (ConfigException e)
        {
            error.WriteLine($"kiln: configuration error: {e.Message}");
            return 2;
        }
        catch (ExecutionException e) when (e.InnerException is KilnException inner)
        {
            error.WriteLine($"kiln: {inner.Message}");
            return 1;
        }
        catch (KilnException e)
        {
            error.WriteLine($"kiln: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException or Kubernetes.KubernetesException or HttpRequestException)
        {
            error.WriteLine($"kiln: {ExceptionMessages.WithCauses(e)}");
            return 1;
        }
    }
}
