namespace Kiln.TestCluster;

/// <summary>
/// What the node "has" for each image, as a node without network access would:
/// <list type="bullet">
/// <item>an image with a mapping (from --images, or a line <c>image=directory</c> in <c>images.map</c> in the agent's state
/// directory, read at every pull so mappings can be added while the cluster runs) runs in that directory;</item>
/// <item>an image whose first path component names a registry host (contains '.' or ':', or is <c>localhost</c>:
/// <c>registry.example.com/kiln:1.0</c>) and has no mapping cannot be pulled (ErrImagePull, ImagePullBackOff);</item>
/// <item>any other name (<c>busybox</c>, <c>any</c>) is taken as present on the node: its command runs on the host.</item>
/// </list>
/// </summary>
internal sealed class ImageMap(AgentOptions options)
{
    public string File => Path.Combine(options.StateDirectory, "images.map");

    /// <summary>The directory an image maps to, or null when it has no mapping.</summary>
    public string? Resolve(string? image)
    {
        if (image is null)
        {
            return null;
        }

        if (options.Images.TryGetValue(image, out var dir))
        {
            return dir;
        }

        if (!System.IO.File.Exists(File))
        {
            return null;
        }

        foreach (var line in System.IO.File.ReadAllLines(File))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && line[..eq].Trim() == image)
            {
                return line[(eq + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>The registry host an image would be pulled from, when its name has one ("registry.example.com/kiln:1.0").</summary>
    public static string? RegistryHost(string? image)
    {
        var slash = image?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0)
        {
            return null;
        }

        var first = image![..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : null;
    }

    /// <summary>True when the node can run the image: it has a mapping, or it names no registry to pull from.</summary>
    public bool CanPull(string? image) => Resolve(image) is not null || RegistryHost(image) is null;
}
