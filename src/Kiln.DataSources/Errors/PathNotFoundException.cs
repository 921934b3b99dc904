using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>An input path (file, directory or glob) matched nothing on the file system.</summary>
public sealed class PathNotFoundException : KilnException
{
    public PathNotFoundException(string path)
        : base($"Path '{path}' does not exist; check the spelling, or for a glob that it matches at least one file.") => Path = path;

    public string Path { get; }
}
