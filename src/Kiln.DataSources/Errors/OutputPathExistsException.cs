using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>A write in mode <c>error</c> (the default) found its output path already present.</summary>
public sealed class OutputPathExistsException : KilnException
{
    public OutputPathExistsException(string path)
        : base($"Output path '{path}' already exists; write with mode 'overwrite' to replace it, 'append' to add to it or 'ignore' to skip the write, or remove it first.") => Path = path;

    public string Path { get; }
}
