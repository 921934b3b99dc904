using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Errors;
using Kiln.Execution.Tasks;

namespace Kiln.Cluster.Tests;

/// <summary>
/// Tasks that fail on executors: the job's error names the remote exception and where it ran; an executor that keeps
/// failing tasks is excluded while the job completes elsewhere; when every executor is excluded the job fails clearly.
/// Failures are injected with the testing-only kiln.test.failingExecutors.
/// </summary>
public sealed class TaskFailureTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_task_that_always_fails_fails_the_job_naming_the_exception_and_the_executor()
    {
        using var session = FaultSessions.Builder("local-cluster[2,1,256]", _dir.File("local"))
            .Config("kiln.test.failingExecutors", "*")
            .Config("kiln.excludeOnFailure.enabled", "false")
            .GetOrCreate();

        var error = Assert.Throws<ExecutionException>(() => session.Range(0, 1000).Collect());

        Assert.Contains("failed 4 time(s)", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"last failure on executor [01] \(host 127\.0\.0\.1\): System\.InvalidOperationException: injected failure of task \d+\.3", error.Message);
        var remote = Assert.IsType<RemoteTaskException>(error.InnerException);
        Assert.Equal("System.InvalidOperationException", remote.RemoteType);
        Assert.Contains("TaskFaults.InjectedFailure", remote.RemoteStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void An_executor_that_keeps_failing_tasks_is_excluded_and_the_job_completes_elsewhere()
    {
        var watcher = new StageWatcher();
        using var session = FaultSessions.Builder("local-cluster[3,1,256]", _dir.File("local"))
            .Config("kiln.test.failingExecutors", "0")
            .Config("kiln.sql.shuffle.partitions", "12")
            .GetOrCreate();
        session.Listener = watcher;
        var data = session.Range(0, 100_000);

        var first = data.Select((Functions.Col("id") % Functions.Lit(10)).Alias("k")).GroupBy("k").Agg(Functions.Count().Alias("n")).Collect();

        Assert.Equal(10, first.Count);
        Assert.All(first, r => Assert.Equal(10_000L, r["n"]));
        Assert.True(watcher.Failures >= 2, $"executor 0 failed only {watcher.Failures} tasks");
        var excluded = Assert.Single(FaultSessions.Backend(session).Executors, e => e.ExcludedForApplication);
        Assert.Equal("0", excluded.Id);

        // Excluded for the application: the next job sends it nothing, so nothing fails.
        var second = new StageWatcher();
        session.Listener = second;
        Assert.Equal(100_000, data.Where(Functions.Col("id") % Functions.Lit(3) == 0).Count() + data.Where(Functions.Col("id") % Functions.Lit(3) != 0).Count());
        Assert.Equal(0, second.Failures);
    }

    [Fact]
    public void When_every_executor_is_excluded_the_job_fails_with_the_last_failure()
    {
        using var session = FaultSessions.Builder("local-cluster[2,1,256]", _dir.File("local"))
            .Config("kiln.test.failingExecutors", "*")
            .Config("kiln.task.maxFailures", "10")
            .GetOrCreate();

        var error = Assert.Throws<ExecutionException>(() => session.Range(0, 1000).Collect());

        Assert.IsType<ExecutorsExcludedException>(error.InnerException);
        Assert.Contains("every executor is excluded after repeated task failures", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: injected failure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kiln_errors_on_executors_fail_the_job_at_once_with_the_local_message()
    {
        var csv = _dir.File("bad.csv");
        File.WriteAllText(csv, "id,amount\n1,2.5\n2,oops\n");
        using var local = KilnSession.Builder().Master("local[2]").GetOrCreate();
        using var cluster = FaultSessions.Builder("local-cluster[2,1,256]", _dir.File("local")).GetOrCreate();
        var watcher = new StageWatcher();
        cluster.Listener = watcher;

        DataFrame Read(KilnSession s) => s.Read.Option("header", "true").Option("mode", "FAILFAST").Schema("id int, amount double").Csv(csv);
        var expected = Assert.ThrowsAny<KilnException>(() => Read(local).Collect());
        var actual = Assert.ThrowsAny<KilnException>(() => Read(cluster).Collect());

        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(1, watcher.Failures);

        // The failed job leaves the executors ready for the next one.
        Assert.Equal(2_000, cluster.Range(0, 2_000).Count());
    }
}
