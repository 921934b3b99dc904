namespace Kiln.TpcH.Tests;

/// <summary>An SF 0.01 data set generated once into a temporary directory for the generator tests.</summary>
public sealed class GeneratedData : IDisposable
{
    public const double ScaleFactor = 0.01;

    public GeneratedData()
    {
        Root = Path.Combine(Path.GetTempPath(), $"kiln-tpch-test-{Guid.NewGuid():N}");
        Directory = Path.Combine(Root, "sf");
        Manifest = TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = ScaleFactor, OutputDirectory = Directory, Threads = 2 }).Manifest;
    }

    public string Root { get; }

    public string Directory { get; }

    public TpchManifest Manifest { get; }

    public string PathOf(TpchTable table) => Path.Combine(Directory, table.FileName);

    public IEnumerable<string[]> Rows(TpchTable table) => CsvFile.Rows(PathOf(table));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Root))
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
    }
}
