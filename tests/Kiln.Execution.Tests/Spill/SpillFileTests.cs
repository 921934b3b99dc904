using Kiln.Common.Config;
using Kiln.Common.Types;
using Kiln.Execution.Spill;
using Kiln.Execution.Tests.TestSupport;

namespace Kiln.Execution.Tests.Spill;

public sealed class SpillFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiln-spill-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(SpillCodec.None)]
    [InlineData(SpillCodec.Deflate)]
    [InlineData(SpillCodec.Brotli)]
    public void Batches_of_every_type_round_trip(SpillCodec codec)
    {
        using var disk = new DiskBlockManager(_dir, "app-1");
        var schema = TestData.SchemaOf(TestData.AllTypes);
        var input = TestData.RandomBatches(schema, 10, 200, new Random(1), nullFraction: 0.3);
        using var file = SpillFile.Create(disk, "test", schema, codec);
        foreach (var b in input)
        {
            file.Write(b);
        }

        file.CompleteWrite();
        Assert.Equal(input.Count(b => b.RowCount > 0), file.BatchCount);
        Assert.Equal(new FileInfo(file.Path).Length, file.Length);
        Assert.Equal(TestData.Rows(input), TestData.Rows(file.ReadBatches()));
        Assert.Equal(TestData.Rows(input), TestData.Rows(file.ReadBatches()));
    }

    [Fact]
    public void Compression_shrinks_repetitive_data()
    {
        using var disk = new DiskBlockManager(_dir, "app-1");
        var schema = TestData.SchemaOf(DataType.String, DataType.Int32);
        var input = TestData.RandomBatches(schema, 10, 1000, new Random(1), distinct: 3);
        long Size(SpillCodec codec)
        {
            using var file = SpillFile.Create(disk, "size", schema, codec);
            input.ForEach(file.Write);
            file.CompleteWrite();
            return file.Length;
        }

        Assert.True(Size(SpillCodec.Deflate) < Size(SpillCodec.None) / 2);
    }

    [Fact]
    public void A_truncated_file_is_invalid_data_not_a_short_read()
    {
        using var disk = new DiskBlockManager(_dir, "app-1");
        var schema = TestData.SchemaOf(DataType.Int64);
        using var file = SpillFile.Create(disk, "trunc", schema, SpillCodec.Deflate);
        TestData.RandomBatches(schema, 3, 100, new Random(2)).ForEach(file.Write);
        file.CompleteWrite();
        using var stream = file.OpenRange(0, file.Length - 3);
        Assert.Throws<InvalidDataException>(() =>
        {
            while (BatchFrames.Read(stream, schema) is not null)
            {
            }
        });
    }

    [Fact]
    public void Files_are_deleted_on_dispose_and_the_application_directory_at_the_end()
    {
        var disk = DiskBlockManager.FromConf(new KilnConf().Set("kiln.local.dir", _dir), "app-2");
        Assert.Equal(Path.Combine(_dir, "app-2"), disk.RootDirectory);
        var schema = TestData.SchemaOf(DataType.Int32);
        var kept = SpillFile.Create(disk, "kept", schema, SpillCodec.None);
        kept.Write(TestData.RandomBatches(schema, 1, 10, new Random(1))[0]);
        kept.CompleteWrite();
        var dropped = SpillFile.Create(disk, "dropped", schema, SpillCodec.None);
        dropped.Dispose();
        Assert.False(File.Exists(dropped.Path));
        Assert.True(File.Exists(kept.Path));
        disk.Dispose();
        Assert.False(Directory.Exists(disk.RootDirectory));
        kept.Dispose();
    }

    [Fact]
    public void Temp_paths_are_unique()
    {
        using var disk = new DiskBlockManager(_dir, "app-3");
        var paths = Enumerable.Range(0, 1000).Select(_ => disk.NewTempPath("x")).ToHashSet();
        Assert.Equal(1000, paths.Count);
        Assert.All(paths, p => Assert.Equal(disk.RootDirectory, Path.GetDirectoryName(p)));
    }
}
