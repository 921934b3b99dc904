namespace Kiln.TpcH.Tests;

/// <summary>How the generator writes: deterministically, atomically, refusing bad scale factors and existing output.</summary>
public sealed class GeneratorOutputTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"kiln-tpch-out-{Guid.NewGuid():N}");

    [Fact]
    public void Output_is_the_same_whatever_the_thread_count()
    {
        var one = Generate("one", threads: 1);
        var three = Generate("three", threads: 3);
        foreach (var table in TpchSchema.Tables)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(one, table.FileName)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(three, table.FileName))),
                $"{table.FileName} differs between 1 and 3 threads");
        }
    }

    [Fact]
    public void A_non_empty_output_directory_is_refused_unless_overwrite_is_asked_for()
    {
        var dir = Path.Combine(_root, "existing");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "x");
        var e = Assert.Throws<TpchOutputExistsException>(() => Generate("existing", threads: 2));
        Assert.Equal(Path.GetFullPath(dir), e.Path);
        Assert.True(File.Exists(Path.Combine(dir, "keep.txt")));

        TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = 0.01, OutputDirectory = dir, Overwrite = true });
        Assert.False(File.Exists(Path.Combine(dir, "keep.txt")));
        Assert.NotNull(TpchManifest.TryRead(dir));
        Assert.Equal([dir], Directory.GetDirectories(_root).Select(Path.GetFullPath));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.001)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void Scale_factors_outside_0_01_to_100_are_refused(double sf)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = sf, OutputDirectory = Path.Combine(_root, "bad") }));
        Assert.Contains("between 0.01 and 100", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")));
    }

    [Fact]
    public void A_cancelled_run_leaves_no_output_behind()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = 0.01, OutputDirectory = Path.Combine(_root, "cancelled") }, cancel.Token));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void Kiln_reads_every_generated_file_with_its_schema_without_malformed_records()
    {
        var dir = Generate("read", threads: 2);
        using var session = KilnSession.Create();
        var manifest = TpchManifest.TryRead(dir)!;
        foreach (var table in TpchSchema.Tables)
        {
            var frame = session.Read.Option("header", "true").Option("mode", "FAILFAST").Schema(table.KilnDdl).Csv(Path.Combine(dir, table.FileName));
            Assert.Equal(manifest.Tables.Single(t => t.Name == table.Name).Rows, frame.Count());
        }

        // Comments start and end mid-word and hold commas: quoted fields must come back unchanged.
        TpchTables.Register(session, dir);
        var comments = session.Sql("select n_comment from nation order by n_nationkey").Collect().Select(r => r.Get<string>(0));
        Assert.Equal(CsvFile.Rows(Path.Combine(dir, "nation.csv")).Select(r => r[3]), comments);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Generate(string name, int threads)
    {
        Directory.CreateDirectory(_root);
        var dir = Path.Combine(_root, name);
        TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = 0.01, OutputDirectory = dir, Threads = threads });
        return dir;
    }
}
