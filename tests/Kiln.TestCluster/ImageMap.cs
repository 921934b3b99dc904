namespace Kiln.TestCluster;

/// <summary>
/// Image name to local directory: from --images, plus the file <c>images.map</c> in the agent's state
/// directory (lines of <c>image=directory</c>), read at every pod start so mappings can be added while the
/// cluster runs. An image without a mapping runs its command on the host as is.
/// </summary>
internal sealed class ImageMap(AgentOptions options)
{
    public string File => Path.Combine(options.StateDirectory, "images.map");

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
}
