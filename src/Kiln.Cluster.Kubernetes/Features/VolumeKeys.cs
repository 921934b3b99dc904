using System.Globalization;
using k8s.Models;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Parses the family <c>kiln.kubernetes.executor.volumes.TYPE.NAME.(mount.path|mount.readOnly|mount.subPath|options.KEY)</c>.</summary>
internal static class VolumeKeys
{
    public const string ExecutorKey = "kiln.kubernetes.executor.volumes";

    public const string DriverKey = "kiln.kubernetes.driver.volumes";
    private static readonly string[] Types = ["hostPath", "emptyDir", "persistentVolumeClaim", "nfs"];

    /// <summary>The problem with one executor volume key's variable part (TYPE.NAME.FIELD), or null.</summary>
    public static string? Problem(string suffix) => ProblemFor(ExecutorKey)(suffix);

    /// <summary>The check of one key's variable part (TYPE.NAME.FIELD) of the family <paramref name="key"/>.</summary>
    public static Func<string, string?> ProblemFor(string key) => suffix =>
    {
        var parts = suffix.Split('.', 3);
        if (parts.Length < 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return $"volume keys read {key}.TYPE.NAME.mount.path (or mount.readOnly, mount.subPath, options.FIELD)";
        }

        if (!Types.Contains(parts[0]))
        {
            return $"'{parts[0]}' is not a volume type Kiln mounts; use {string.Join(", ", Types)}";
        }

        return parts[2] is "mount.path" or "mount.readOnly" or "mount.subPath" || (parts[2].StartsWith("options.", StringComparison.Ordinal) && parts[2].Length > 8)
            ? null
            : $"'{parts[2]}' is not a volume field; use mount.path, mount.readOnly, mount.subPath or options.FIELD";
    };

    /// <summary>
    /// The volumes declared, each checked as Spark checks them before anything is created: a mount path, the options its
    /// type needs (hostPath <c>path</c>; nfs <c>path</c> and <c>server</c>; persistentVolumeClaim <c>claimName</c>, and
    /// <c>sizeLimit</c> for <c>OnDemand</c>), sizes that are quantities, and no two volumes at one mount path.
    /// </summary>
    /// <exception cref="ConfigException">A volume lacks one of these or has a value that cannot be used; the message names the key and what to set.</exception>
    public static IReadOnlyList<VolumeSpec> Parse(IReadOnlyDictionary<string, string> keys, string family = ExecutorKey)
    {
        var byVolume = new SortedDictionary<(string Type, string Name), Dictionary<string, string>>();
        foreach (var (suffix, value) in keys)
        {
            var parts = suffix.Split('.', 3);
            var fields = byVolume.TryGetValue((parts[0], parts[1]), out var f) ? f : byVolume[(parts[0], parts[1])] = new(StringComparer.Ordinal);
            fields[parts[2]] = value;
        }

        var volumes = new List<VolumeSpec>();
        var mountedAt = new Dictionary<string, VolumeSpec>(StringComparer.Ordinal);
        foreach (var ((type, name), fields) in byVolume)
        {
            var path = fields.GetValueOrDefault("mount.path")
                ?? throw new ConfigException($"{family}.{type}.{name}.mount.path", $"volume {name} ({type}) has no {family}.{type}.{name}.mount.path; say where the pod mounts it");
            var readOnly = fields.GetValueOrDefault("mount.readOnly") switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw new ConfigException($"{family}.{type}.{name}.mount.readOnly", $"{family}.{type}.{name}.mount.readOnly is '{other}'; use true or false"),
            };
            var options = fields.Where(kv => kv.Key.StartsWith("options.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[8..], kv => kv.Value, StringComparer.Ordinal);
            var volume = new VolumeSpec(type, name, path, readOnly, fields.GetValueOrDefault("mount.subPath"), options) { KeyPrefix = family };
            Check(volume);
            if (mountedAt.TryGetValue(path, out var first))
            {
                throw new ConfigException(
                    $"{family}.{type}.{name}.mount.path",
                    $"volumes {first.Name} ({first.Type}) and {name} ({type}) are both mounted at {path}; give each its own {family}.TYPE.NAME.mount.path");
            }

            mountedAt[path] = volume;
            volumes.Add(volume);
        }

        return volumes;
    }

    /// <summary>An option the volume's type needs, such as hostPath's <c>path</c>.</summary>
    /// <exception cref="ConfigException">It is not set; the message names the key and what it holds.</exception>
    public static string Required(VolumeSpec spec, string option)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Options.TryGetValue(option, out var value) && value.Length > 0 ? value : throw Missing(spec, option);
    }

    /// <summary>The error for an option the volume needs and lacks: it names the key and what to set it to.</summary>
    public static ConfigException Missing(VolumeSpec spec, string option)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = OptionKey(spec, option);
        var what = (spec.Type, option) switch
        {
            ("hostPath", "path") => "the directory on the node to mount, such as /mnt/data",
            ("nfs", "path") => "the path the NFS server exports, such as /exports/data",
            ("nfs", "server") => "the NFS server's host name or address",
            ("persistentVolumeClaim", "claimName") => "the name of an existing PersistentVolumeClaim, or OnDemand for a claim per executor",
            ("persistentVolumeClaim", "sizeLimit") => "the size of each executor's claim (claimName=OnDemand), such as 10Gi",
            _ => "a value",
        };
        return new ConfigException(key, $"volume {spec.Name} ({spec.Type}) needs {key}: set it to {what}");
    }

    /// <summary>A size option (<c>sizeLimit</c>) as a Kubernetes quantity, or null when not set.</summary>
    /// <exception cref="ConfigException">It is not a quantity, or a plain number under 1KiB (Spark's "missing units?").</exception>
    public static ResourceQuantity? Size(VolumeSpec spec, string option)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Options.TryGetValue(option, out var text))
        {
            return null;
        }

        var key = OptionKey(spec, option);
        if (text.Length > 0 && text.All(char.IsAsciiDigit) && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) || bytes < 1024))
        {
            throw new ConfigException(key, $"{key} is {text}, less than 1KiB: a unit is missing; write a quantity such as 10Gi or 500Mi");
        }

        try
        {
            return new ResourceQuantity(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException(key, $"{key} is '{text}', not a Kubernetes quantity; write a size such as 10Gi or 500Mi (binary) or 10G (decimal)", e);
        }
    }

    private static void Check(VolumeSpec spec)
    {
        switch (spec.Type)
        {
            case "hostPath":
                Required(spec, "path");
                break;
            case "nfs":
                Required(spec, "path");
                Required(spec, "server");
                break;
            case "persistentVolumeClaim":
                Required(spec, "claimName");
                if (spec.IsOnDemandClaim)
                {
                    Required(spec, "sizeLimit");
                }

                break;
        }

        Size(spec, "sizeLimit");
    }

    private static string OptionKey(VolumeSpec spec, string option) => $"{spec.KeyPrefix}.{spec.Type}.{spec.Name}.options.{option}";
}
