namespace Kiln.TpcH;

/// <summary>The generator's output directory already holds files and overwriting was not asked for.</summary>
public sealed class TpchOutputExistsException : IOException
{
    public TpchOutputExistsException(string path)
        : base($"output directory '{path}' exists and is not empty; choose another directory or ask to overwrite it (kiln datagen tpch --overwrite)")
    {
        Path = path;
    }

    public string Path { get; }
}
