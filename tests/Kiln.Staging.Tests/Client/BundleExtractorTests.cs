using System.Formats.Tar;
using Kiln.Staging.Client;
using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Client;

/// <summary>Extraction refuses every entry that could land outside the target, and a refused bundle leaves nothing.</summary>
public sealed class BundleExtractorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public static TheoryData<string> EscapingNames() =>
    [
        "../evil.txt",
        "../../evil.txt",
        "sub/../../evil.txt",
        "/tmp/evil.txt",
        "a//b.txt",
        "..\\evil.txt",
        "..",
    ];

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public async Task An_entry_escaping_the_target_is_refused_and_nothing_is_written(string name)
    {
        var target = _dir.Sub("target");
        var bundle = Archives.Of(Archives.File("fine.txt", "ok"), Archives.File(name, "evil"));
        var e = await Assert.ThrowsAsync<StagingException>(() => BundleExtractor.ExtractAsync(new MemoryStream(bundle), target, CancellationToken.None));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    public async Task A_link_entry_is_refused(TarEntryType type)
    {
        var target = _dir.Sub("target");
        Directory.CreateDirectory(target);
        var bundle = Archives.Of(Archives.Link(type, "link", "/etc/passwd"));
        var e = await Assert.ThrowsAsync<StagingException>(() => BundleExtractor.ExtractAsync(new MemoryStream(bundle), target, CancellationToken.None));
        Assert.Contains("only files and directories", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public async Task A_truncated_bundle_is_refused_and_leaves_nothing()
    {
        var target = _dir.Sub("target");
        var whole = Archives.Of(Archives.File("a.txt", new string('x', 100_000)), Archives.File("b.txt", "b"));
        var e = await Assert.ThrowsAsync<StagingException>(() => BundleExtractor.ExtractAsync(new MemoryStream(whole[..(whole.Length / 2)]), target, CancellationToken.None));
        Assert.Contains("not a complete", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task An_existing_target_gets_the_entries_and_an_entry_already_there_is_an_error()
    {
        var target = _dir.Sub("mount");
        Directory.CreateDirectory(target);
        var bundle = Archives.Of(Archives.File("dir/a.txt", "a"), Archives.File("b.txt", "b"));
        Assert.Equal(2, await BundleExtractor.ExtractAsync(new MemoryStream(bundle), target, CancellationToken.None));
        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(target, "dir", "a.txt")));
        Assert.Equal(["b.txt", "dir"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var e = await Assert.ThrowsAsync<StagingException>(() => BundleExtractor.ExtractAsync(new MemoryStream(bundle), target, CancellationToken.None));
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.Equal(["b.txt", "dir"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
