using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Parses the family <c>kiln.kubernetes.executor.volumes.TYPE.NAME.(mount.path|mount.readOnly|mount.subPath|options.KEY)</c>.</summary>
internal static class VolumeKeys
{
    private const string Key = "kiln.kubernetes.executor.volumes";
    private static readonly string[] Types = ["hostPath", "emptyDir", "persistentVolumeClaim", "nfs"];

    /// <summary>The problem with one key's variable part (TYPE.NAME.FIELD), or null.</summary>
    public static string? Problem(string suffix)
    {
        var parts = suffix.Split('.', 3);
        if (parts.Length < 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return "volume keys read kiln.kubernetes.executor.volumes.TYPE.NAME.mount.path (or mount.readOnly, mount.subPath, options.FIELD)";
        }

        if (!Types.Contains(parts[0]))
        {
            return $"'{parts[0]}' is not a volume type Kiln mounts; use {string.Join(", ", Types)}";
        }

        return parts[2] is "mount.path" or "mount.readOnly" or "mount.subPath" || (parts[2].StartsWith("options.", StringComparison.Ordinal) && parts[2].Length > 8)
            ? null
            : $"'{parts[2]}' is not a volume field; use mount.path, mount.readOnly, mount.subPath or options.FIELD";
    }

    /// <summary>The volumes declared, each with its mount path (a volume without one is an error naming it).</summary>
    /// <exception cref="ConfigException">A volume has no mount path, or a read-only flag that is not true/false.</exception>
    public static IReadOnlyList<VolumeSpec> Parse(IReadOnlyDictionary<string, string> keys)
    {
        var byVolume = new SortedDictionary<(string Type, string Name), Dictionary<string, string>>();
        foreach (var (suffix, value) in keys)
        {
            var parts = suffix.Split('.', 3);
            var fields = byVolume.TryGetValue((parts[0], parts[1]), out var f) ? f : byVolume[(parts[0], parts[1])] = new(StringComparer.Ordinal);
            fields[parts[2]] = value;
        }

        var volumes = new List<VolumeSpec>();
        foreach (var ((type, name), fields) in byVolume)
        {
            var path = fields.GetValueOrDefault("mount.path")
                ?? throw new ConfigException($"{Key}.{type}.{name}.mount.path", $"volume {name} ({type}) has no {Key}.{type}.{name}.mount.path; say where executors mount it");
            var readOnly = fields.GetValueOrDefault("mount.readOnly") switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw new ConfigException($"{Key}.{type}.{name}.mount.readOnly", $"{Key}.{type}.{name}.mount.readOnly is '{other}'; use true or false"),
            };
            var options = fields.Where(kv => kv.Key.StartsWith("options.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[8..], kv => kv.Value, StringComparer.Ordinal);
            volumes.Add(new VolumeSpec(type, name, path, readOnly, fields.GetValueOrDefault("mount.subPath"), options));
        }

        return volumes;
    }
}
