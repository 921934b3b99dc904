namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>A file with the given text in a directory of its own, deleted with it.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kiln-pod-tests-").FullName;

    public TempFile(string name, string text)
    {
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
