using Kiln.Common.Types;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Files;

namespace Kiln.DataSources.Tests;

public sealed class SplitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Schema Schema = Schema.ParseDdl("id int, s string, d double");

    private string Content(bool crlf, bool trailingNewline)
    {
        var nl = crlf ? "\r\n" : "\n";
        var lines = Enumerable.Range(0, 60).Select(i => i % 7 == 3
            ? $"{i},\"quoted, with \"\"delims\"\" and ünïcödé {i}\",{i}.5"
            : i % 11 == 5 ? string.Empty : $"{i},plain{i},{i}.25");
        var text = "id,s,d" + nl + string.Join(nl, lines);
        return trailingNewline ? text + nl : text;
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Any_split_size_yields_exactly_the_rows_of_one_split(bool crlf, bool trailingNewline)
    {
        var path = _dir.File("a.csv", Content(crlf, trailingNewline));
        var options = new CsvOptions { Header = true };
        var whole = Read.Show(Read.Csv(path, Schema, options));
        Assert.Equal(56, whole.Split('\n').Length);
        var length = new FileInfo(path).Length;
        for (long size = 1; size <= length + 1; size += size < 40 ? 1 : 7)
        {
            var split = Read.Show(Read.CsvSplits(path, Schema, options, size));
            Assert.True(whole == split, $"split size {size} differs");
        }
    }

    [Fact]
    public void Split_starting_exactly_at_a_line_start_owns_that_line()
    {
        var path = _dir.File("a.csv", "1,a,1\n2,b,2\n3,c,3\n");
        var first = Read.All(new CsvSplitReader(new FileSplit(path, 0, 6, 18), Schema, CsvOptions.Default));
        var second = Read.All(new CsvSplitReader(new FileSplit(path, 6, 6, 18), Schema, CsvOptions.Default));
        var third = Read.All(new CsvSplitReader(new FileSplit(path, 12, 6, 18), Schema, CsvOptions.Default));
        Assert.Equal("1|a|1", Read.Show(first));
        Assert.Equal("2|b|2", Read.Show(second));
        Assert.Equal("3|c|3", Read.Show(third));
    }

    [Fact]
    public void Planner_uses_spark_split_size_formula()
    {
        Assert.Equal(4L << 20, FileSplitPlanner.SplitSize(6L << 20, 128L << 20, 2));
        Assert.Equal(50L << 20, FileSplitPlanner.SplitSize(100L << 20, 128L << 20, 2));
        Assert.Equal(128L << 20, FileSplitPlanner.SplitSize(1L << 40, 128L << 20, 2));
        var path = _dir.FileBytes("big.csv", new byte[(9 << 20) + 5]);
        var splits = FileSplitPlanner.Plan(path, maxPartitionBytes: 4L << 20, minPartitions: 1);
        Assert.Equal([0L, 4L << 20, 8L << 20], splits.Select(s => s.Start));
        Assert.Equal((1 << 20) + 5, splits[2].Length);
        Assert.Single(FileSplitPlanner.Plan(path, maxPartitionBytes: 4L << 20, splittable: false));
    }

    [Fact]
    public void Directory_listing_skips_bookkeeping_files()
    {
        _dir.File("out/part-00000.csv", "1\n");
        _dir.File("out/part-00001.csv", "2\n");
        _dir.File("out/_SUCCESS", string.Empty);
        _dir.File("out/.part-00000.csv.crc", "x");
        _dir.File("out/_temporary/0/part-00002.csv", "3\n");
        var files = FileSplitPlanner.ListFiles(_dir.Combine("out"));
        Assert.Equal(["part-00000.csv", "part-00001.csv"], files.Select(Path.GetFileName));
    }

    [Fact]
    public void Glob_matches_files_in_last_component()
    {
        _dir.File("data/a.csv", "1\n");
        _dir.File("data/b.csv", "2\n");
        _dir.File("data/c.json", "{}\n");
        var files = FileSplitPlanner.ListFiles(Path.Combine(_dir.Path, "data", "*.csv"));
        Assert.Equal(["a.csv", "b.csv"], files.Select(Path.GetFileName));
    }

    [Fact]
    public void Missing_path_throws_typed_exception_naming_it()
    {
        var missing = _dir.Combine("nope/x.csv");
        var ex = Assert.Throws<PathNotFoundException>(() => FileSplitPlanner.Plan(missing));
        Assert.Equal(missing, ex.Path);
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Throws<PathNotFoundException>(() => FileSplitPlanner.ListFiles(_dir.Combine("*.nothing")));
    }

    [Fact]
    public void Empty_file_has_one_empty_split_and_no_rows()
    {
        var path = _dir.File("e.csv", string.Empty);
        var splits = FileSplitPlanner.Plan(path);
        Assert.Single(splits);
        Assert.Empty(Read.All(new CsvSplitReader(splits[0], Schema, CsvOptions.Default)));
    }
}
