using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using Kiln.Cluster.Kubernetes.Submission;
using Kiln.Common.Config;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln submit [--master M] [--deploy-mode client|cluster] [--name N] [--conf k=v ...] [--files f,...] App.dll [app arguments]</c>.
/// In client mode (the default) it runs a Kiln application's Main in this process as the driver, spark-submit style;
/// in cluster mode it creates the driver's pod on the k8s:// master and waits for it (<see cref="ClusterSubmission"/>).
/// In client mode: The options become the defaults of every
/// <c>KilnSession.Builder()</c> in the application (<see cref="KilnSessionBuilder.SetDefaults"/>), and the application's
/// directory becomes <c>kiln.app.files</c>, where executor processes load its lambdas from. Everything after the
/// application's path is passed to it untouched.
/// </summary>
public static class SubmitCommand
{
    private static readonly HashSet<string> ValueOptions = ["--master", "--conf", "--name", "--deploy-mode", "--files"];
    private static readonly HashSet<string> FlagOptions = ["--no-progress", "--verbose"];

    /// <param name="args">The arguments after <c>submit</c>.</param>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (options, appPath, appArgs) = Split(args);
        var cli = CliArgs.Parse(["submit", .. options]);
        var conf = cli.BuildConf();
        if (cli.Option("--deploy-mode") is { } mode)
        {
            conf.Set(DriverConfigKeys.DeployMode.Key, mode);
        }

        var files = cli.Options("--files").SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(conf.Get(DriverConfigKeys.AppFilesToShip).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (conf.Get(DriverConfigKeys.DeployMode) == "cluster")
        {
            conf.Remove(DriverConfigKeys.AppFilesToShip.Key);
            using var signals = new StopSignals();
            return new ClusterSubmission(conf, Console.Error).RunAsync(appPath, appArgs, files, signals.Token).GetAwaiter().GetResult();
        }

        if (files.Count > 0)
        {
            throw new CliUsageException("--files ships files to a cluster-mode driver; in client mode the driver reads this machine's files directly");
        }

        return RunInProcess(conf, appPath, appArgs);
    }

    /// <summary>Runs the application's Main in this process as its driver, with <paramref name="conf"/> as every session's defaults.</summary>
    public static int RunInProcess(KilnConf conf, string appPath, string[] appArgs)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(appPath);
        var app = Path.GetFullPath(appPath);
        if (!File.Exists(app))
        {
            throw new CliUsageException($"submit: the application '{appPath}' does not exist");
        }

        var appDir = Path.GetDirectoryName(app)!;
        var appFiles = conf.Get(ConfigKeys.AppFiles);
        conf.Set(ConfigKeys.AppFiles.Key, appFiles.Length == 0 ? appDir : $"{appFiles},{appDir}");
        KilnSessionBuilder.SetDefaults(conf);

        var entry = Load(app).EntryPoint
            ?? throw new CliUsageException($"submit: {appPath} has no entry point (Main); build the application as an executable (OutputType Exe)");
        var parameters = entry.GetParameters().Length == 0 ? null : new object?[] { appArgs };
        try
        {
            return entry.Invoke(null, parameters) switch
            {
                int code => code,
                _ => 0,
            };
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Kiln's options, the application's path, and the application's own arguments.</summary>
    private static (List<string> Options, string App, string[] AppArgs) Split(string[] args)
    {
        var options = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var name = a.Contains('=', StringComparison.Ordinal) && a.StartsWith("--", StringComparison.Ordinal) ? a[..a.IndexOf('=', StringComparison.Ordinal)] : a;
            if (FlagOptions.Contains(a) || (name != a && ValueOptions.Contains(name)))
            {
                options.Add(a);
            }
            else if (ValueOptions.Contains(a))
            {
                if (i + 1 >= args.Length)
                {
                    throw new CliUsageException($"option {a} needs a value");
                }

                options.Add(a);
                options.Add(args[++i]);
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliUsageException($"unknown option {a} for 'kiln submit'; kiln's options (--master, --deploy-mode, --conf, --name, --files, --no-progress) come before the application");
            }
            else
            {
                return (options, a, args[(i + 1)..]);
            }
        }

        throw new CliUsageException("submit needs the application: kiln submit [--master M] [--deploy-mode client|cluster] [--conf k=v] App.dll|local:///path/App.dll [arguments]");
    }

    /// <summary>
    /// Loads the application into the default context, so that the Kiln it references is this process's Kiln (one
    /// set of types, and the defaults set above); its own dependencies resolve from its directory.
    /// </summary>
    private static Assembly Load(string app)
    {
        var resolver = new AssemblyDependencyResolver(app);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } path ? context.LoadFromAssemblyPath(path) : null;
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(app);
    }
}
