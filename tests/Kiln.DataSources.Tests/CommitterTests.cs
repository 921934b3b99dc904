using Kiln.DataSources.Commit;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Files;

namespace Kiln.DataSources.Tests;

public sealed class CommitterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Out => _dir.Combine("out");

    private static void WriteTask(FileOutputCommitter c, int partition, int attempt, string content) =>
        File.WriteAllText(c.NewTaskOutputFile(partition, attempt, "csv"), content);

    private string[] Entries() => Directory.EnumerateFileSystemEntries(Out).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void Commit_publishes_one_file_per_partition_with_success_marker()
    {
        var c = new FileOutputCommitter(Out, "job1", SaveMode.ErrorIfExists);
        Assert.True(c.SetupJob());
        WriteTask(c, 0, 0, "a\n");
        WriteTask(c, 1, 0, "b\n");
        Assert.False(FileSplitPlanner.ListFiles(Out).Any());
        Assert.True(c.CommitTask(0, 0));
        Assert.True(c.CommitTask(1, 0));
        c.CommitJob();
        Assert.Equal(["_SUCCESS", "part-00000-job1.csv", "part-00001-job1.csv"], Entries());
        Assert.Equal(0, new FileInfo(Path.Combine(Out, "_SUCCESS")).Length);
        Assert.Empty(Directory.GetDirectories(_dir.Path, ".out.*"));
    }

    [Fact]
    public void The_job_commit_names_the_published_files_even_of_an_attempt_whose_report_was_lost()
    {
        var c = new FileOutputCommitter(Out, "job5", SaveMode.Overwrite);
        c.SetupJob();
        WriteTask(c, 0, 0, "a\n");
        WriteTask(c, 1, 0, "b\n");
        Assert.True(c.CommitTask(1, 0));

        // Attempt 0 of partition 1 committed, then its executor died before reporting; the retry finds the claim.
        WriteTask(c, 1, 1, "b\n");
        Assert.False(c.CommitTask(1, 1));
        Assert.True(c.CommitTask(0, 0));

        Assert.Equal(["part-00000-job5.csv", "part-00001-job5.csv"], c.CommitJob());
        Assert.Equal(["_SUCCESS", "part-00000-job5.csv", "part-00001-job5.csv"], Entries());
    }

    [Fact]
    public void Concurrent_duplicate_attempts_commit_exactly_one()
    {
        var c = new FileOutputCommitter(Out, "job2", SaveMode.ErrorIfExists);
        c.SetupJob();
        for (var round = 0; round < 20; round++)
        {
            var attempts = Enumerable.Range(0, 8).ToArray();
            foreach (var a in attempts)
            {
                WriteTask(c, round, a, $"attempt {a}\n");
            }

            using var start = new Barrier(attempts.Length);
            var results = new bool[attempts.Length];
            Parallel.ForEach(attempts, new ParallelOptions { MaxDegreeOfParallelism = attempts.Length }, a =>
            {
                start.SignalAndWait();
                results[a] = c.CommitTask(round, a);
            });
            Assert.Single(results, r => r);
        }

        c.CommitJob();
        var files = FileSplitPlanner.ListFiles(Out);
        Assert.Equal(20, files.Count);
        Assert.All(files, f => Assert.Matches("^attempt [0-7]\n$", File.ReadAllText(f)));
        Assert.False(Directory.Exists(Path.Combine(Out, "_temporary")));
    }

    [Fact]
    public void Losing_attempt_output_is_discarded()
    {
        var c = new FileOutputCommitter(Out, "job3", SaveMode.ErrorIfExists);
        c.SetupJob();
        WriteTask(c, 0, 0, "first\n");
        WriteTask(c, 0, 1, "second\n");
        Assert.True(c.CommitTask(0, 1));
        Assert.False(c.CommitTask(0, 0));
        c.CommitJob();
        Assert.Equal("second\n", File.ReadAllText(Path.Combine(Out, "part-00000-job3.csv")));
    }

    [Fact]
    public void Error_mode_fails_on_existing_output()
    {
        Directory.CreateDirectory(Out);
        var ex = Assert.Throws<OutputPathExistsException>(() => new FileOutputCommitter(Out, "j", SaveMode.ErrorIfExists).SetupJob());
        Assert.Equal(Path.GetFullPath(Out), ex.Path);
        Assert.Contains("overwrite", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignore_mode_skips_when_output_exists()
    {
        _dir.File("out/old.csv", "old\n");
        var c = new FileOutputCommitter(Out, "j", SaveMode.Ignore);
        Assert.False(c.SetupJob());
        Assert.Equal(["old.csv"], Entries());
        var fresh = new FileOutputCommitter(_dir.Combine("fresh"), "j", SaveMode.Ignore);
        Assert.True(fresh.SetupJob());
    }

    [Fact]
    public void Overwrite_keeps_old_output_until_commit_then_replaces_it()
    {
        _dir.File("out/part-00000-old.csv", "old\n");
        _dir.File("out/_SUCCESS", string.Empty);
        var c = new FileOutputCommitter(Out, "new", SaveMode.Overwrite);
        c.SetupJob();
        WriteTask(c, 0, 0, "new\n");
        Assert.True(c.CommitTask(0, 0));
        Assert.Equal(["part-00000-old.csv"], FileSplitPlanner.ListFiles(Out).Select(Path.GetFileName));
        c.CommitJob();
        Assert.Equal(["_SUCCESS", "part-00000-new.csv"], Entries());
    }

    [Fact]
    public void Append_adds_files_next_to_existing_ones()
    {
        _dir.File("out/part-00000-old.csv", "old\n");
        var c = new FileOutputCommitter(Out, "new", SaveMode.Append);
        c.SetupJob();
        WriteTask(c, 0, 0, "new\n");
        c.CommitTask(0, 0);
        c.CommitJob();
        Assert.Equal(["_SUCCESS", "part-00000-new.csv", "part-00000-old.csv"], Entries());
    }

    [Fact]
    public void Abort_leaves_nothing_for_a_new_path_and_the_old_output_untouched()
    {
        var c = new FileOutputCommitter(Out, "j", SaveMode.ErrorIfExists);
        c.SetupJob();
        WriteTask(c, 0, 0, "x\n");
        c.CommitTask(0, 0);
        WriteTask(c, 1, 0, "y\n");
        c.AbortJob();
        Assert.False(Directory.Exists(Out));

        _dir.File("out/part-00000-old.csv", "old\n");
        var o = new FileOutputCommitter(Out, "k", SaveMode.Overwrite);
        o.SetupJob();
        WriteTask(o, 0, 0, "new\n");
        o.CommitTask(0, 0);
        o.AbortJob();
        Assert.Equal(["part-00000-old.csv"], Entries());
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(Out, "part-00000-old.csv")));
    }

    [Fact]
    public void Recovery_publishes_finished_staging_or_restores_old_output()
    {
        _dir.File(".out.staging-j/part-00000-j.csv", "new\n");
        _dir.File(".out.staging-j/_SUCCESS", string.Empty);
        _dir.File(".out.old-j/part-00000-old.csv", "old\n");
        Assert.True(FileOutputCommitter.RecoverInterruptedCommit(Out));
        Assert.Equal(["_SUCCESS", "part-00000-j.csv"], Entries());
        Assert.Empty(Directory.GetDirectories(_dir.Path, ".out.*"));

        Directory.Delete(Out, true);
        _dir.File(".out.staging-k/part-00000-k.csv", "half\n");
        _dir.File(".out.old-k/part-00000-old.csv", "old\n");
        FileOutputCommitter.RecoverInterruptedCommit(Out);
        Assert.Equal(["part-00000-old.csv"], Entries());
    }

    [Fact]
    public void Task_abort_removes_attempt_files()
    {
        var c = new FileOutputCommitter(Out, "j", SaveMode.ErrorIfExists);
        c.SetupJob();
        WriteTask(c, 0, 0, "x\n");
        c.AbortTask(0, 0);
        c.CommitJob();
        Assert.Equal(["_SUCCESS"], Entries());
    }

    private static void WritePartitionFile(FileOutputCommitter c, int partition, int attempt, string directory, string content) =>
        File.WriteAllText(c.NewTaskOutputFile(partition, attempt, "csv", directory), content);

    [Fact]
    public void Partition_directories_are_published_from_the_winning_attempt_only()
    {
        var c = new FileOutputCommitter(Out, "job7", SaveMode.ErrorIfExists);
        c.SetupJob();
        WritePartitionFile(c, 0, 0, "y=1", "a\n");
        WritePartitionFile(c, 0, 0, "y=2", "b\n");
        WritePartitionFile(c, 0, 1, "y=3", "retry of partition 0 that lost\n");
        Assert.True(c.CommitTask(0, 0));
        Assert.False(c.CommitTask(0, 1));
        Assert.Equal(["y=1/part-00000-job7.csv", "y=2/part-00000-job7.csv"], c.CommitJob());
        Assert.Equal(["_SUCCESS", "y=1", "y=2"], Entries());
        Assert.Throws<ArgumentException>(() => new FileOutputCommitter(Out + "2", "job8", SaveMode.ErrorIfExists).NewTaskOutputFile(0, 0, "csv", "../escape"));
    }

    [Fact]
    public void Dynamic_overwrite_swaps_only_the_partitions_written()
    {
        var first = new FileOutputCommitter(Out, "job1", SaveMode.ErrorIfExists);
        first.SetupJob();
        WritePartitionFile(first, 0, 0, "y=1", "old 1\n");
        WritePartitionFile(first, 0, 0, "y=2", "old 2\n");
        first.CommitTask(0, 0);
        first.CommitJob();

        var second = new FileOutputCommitter(Out, "job2", SaveMode.Overwrite, dynamicPartitionOverwrite: true);
        second.SetupJob();
        WritePartitionFile(second, 0, 0, "y=2", "new 2\n");
        WritePartitionFile(second, 1, 0, "y=3", "new 3\n");
        second.CommitTask(0, 0);
        second.CommitTask(1, 0);
        second.CommitJob();

        Assert.Equal(["_SUCCESS", "y=1", "y=2", "y=3"], Entries());
        Assert.Equal("old 1\n", File.ReadAllText(Path.Combine(Out, "y=1", "part-00000-job1.csv")));
        Assert.Equal(["part-00000-job2.csv"], Directory.GetFiles(Path.Combine(Out, "y=2")).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Path.Combine(Out, "_temporary", "job2")));
    }
}
