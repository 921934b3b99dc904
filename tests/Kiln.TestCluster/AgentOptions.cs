namespace Kiln.TestCluster;

/// <summary>Command-line options of the node agent (see <c>Program</c> for the syntax).</summary>
public sealed record AgentOptions
{
    public required string Kubeconfig { get; init; }

    /// <summary>Root of pod directories, logs and provisioned volumes.</summary>
    public required string StateDirectory { get; init; }

    public IReadOnlyList<string> Nodes { get; init; } = ["kiln-node-1", "kiln-node-2"];

    public string Cpu { get; init; } = "4";

    public string Memory { get; init; } = "8Gi";

    public int KubeletPort { get; init; } = 26250;

    /// <summary>The API server's port, given to pods as KUBERNETES_SERVICE_PORT.</summary>
    public int ApiServerPort { get; init; } = 26443;

    /// <summary>Image name to local directory; <c>local://</c> paths of such images resolve inside the directory.</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Image name to its entrypoint (Docker's ENTRYPOINT): a container of that image without a command runs the entrypoint
    /// with the container's args, as a real runtime does.
    /// </summary>
    public IReadOnlyDictionary<string, string> Entrypoints { get; init; } = new Dictionary<string, string>();

    public static AgentOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options are --name value pairs.");
            }

            values[args[i][2..]] = args[++i];
        }

        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"--{key} is required.");
        var images = Pairs(values.GetValueOrDefault("images"), "images", "image=directory");
        var entrypoints = Pairs(values.GetValueOrDefault("entrypoints"), "entrypoints", "image=executable");

        return new AgentOptions
        {
            Kubeconfig = Get("kubeconfig"),
            StateDirectory = Path.GetFullPath(Get("state-dir")),
            Nodes = values.TryGetValue("nodes", out var n) ? n.Split(',', StringSplitOptions.RemoveEmptyEntries) : ["kiln-node-1", "kiln-node-2"],
            Cpu = values.GetValueOrDefault("cpu") ?? "4",
            Memory = values.GetValueOrDefault("memory") ?? "8Gi",
            KubeletPort = int.Parse(values.GetValueOrDefault("kubelet-port") ?? "26250", System.Globalization.CultureInfo.InvariantCulture),
            ApiServerPort = int.Parse(values.GetValueOrDefault("api-port") ?? "26443", System.Globalization.CultureInfo.InvariantCulture),
            Images = images,
            Entrypoints = entrypoints,
        };
    }

    /// <summary>Parses "a=path;b=path" into names and full paths.</summary>
    private static Dictionary<string, string> Pairs(string? text, string option, string shape)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--{option} entry '{pair}' must be {shape}.");
            }

            pairs[pair[..eq]] = Path.GetFullPath(pair[(eq + 1)..]);
        }

        return pairs;
    }
}
