using Kiln.Cluster.Protocol;
using Kiln.Common.Errors;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Tasks;
using Kiln.Network;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>Tasks and results survive their wire form; failures come back as the right kind of exception.</summary>
public sealed class TaskMessagesTests
{
    [Fact]
    public void A_task_description_round_trips()
    {
        var task = new TaskDescription(42, 3, 7, 1, 5, 2, [1, 2, 3]);
        var message = TaskMessages.ToMessage(task, mapOutputEpoch: 6);
        var back = TaskMessages.FromMessage(message);
        Assert.Equal(6, message.MapOutputEpoch);
        Assert.Equal(task with { Payload = back.Payload }, back);
        Assert.Equal(task.Payload, back.Payload);
    }

    [Fact]
    public void A_map_task_result_keeps_its_status_metrics_and_block_server()
    {
        var metrics = new TaskMetrics { RowsRead = 10, RowsWritten = 9, ShuffleBytesWritten = 800, SpillCount = 1, SpillBytes = 64, PeakMemory = 4096 };
        var status = new MapStatus(4, 2, "3", [0, 17, 5]) { BlockServer = new NetworkAddress("127.0.0.1", 4242) };
        var result = new TaskResult(9, TaskOutcome.Succeeded, metrics, "3") { MapStatus = status };

        var back = TaskMessages.FromMessage(TaskMessages.ToMessage(result), "127.0.0.1");

        Assert.Equal(TaskOutcome.Succeeded, back.Outcome);
        Assert.Equal("3", back.ExecutorId);
        Assert.Equal(status.BlockServer, back.MapStatus!.BlockServer);
        Assert.Equal(status.PartitionSizes, back.MapStatus.PartitionSizes);
        Assert.Equal((4, 2, "3"), (back.MapStatus.ShuffleId, back.MapStatus.MapIndex, back.MapStatus.Location));
        Assert.Equal((10L, 9L, 800L, 1, 64L, 4096L), (back.Metrics.RowsRead, back.Metrics.RowsWritten, back.Metrics.ShuffleBytesWritten, back.Metrics.SpillCount, back.Metrics.SpillBytes, back.Metrics.PeakMemory));
    }

    [Fact]
    public void Failures_come_back_as_retryable_fatal_or_fetch_failures()
    {
        static Exception Back(Exception error, TaskOutcome outcome = TaskOutcome.Failed) =>
            TaskMessages.FromMessage(TaskMessages.ToMessage(new TaskResult(1, outcome, new TaskMetrics(), "5") { Error = error }), "10.0.0.5").Error!;

        var retryable = Assert.IsType<RemoteTaskException>(Back(new IOException("disk hiccup")));
        Assert.Equal(("System.IO.IOException", "disk hiccup", "5", "10.0.0.5"), (retryable.RemoteType, retryable.Message, retryable.ExecutorId, retryable.Host));

        var fatal = Assert.IsType<RemoteKilnException>(Back(new ConfigException("kiln.x", "bad setting")));
        Assert.Equal("bad setting", fatal.Message);
        Assert.Equal(typeof(ConfigException).FullName, fatal.RemoteType);

        var fetch = Assert.IsType<FetchFailedException>(Back(new FetchFailedException(1, 2, 3, "7", "gone"), TaskOutcome.FetchFailed));
        Assert.Equal((1, 2, 3, "7"), (fetch.ShuffleId, fetch.MapIndex, fetch.ReduceId, fetch.Location));

        var missing = Assert.IsType<FetchFailedException>(Back(new FetchFailedException(1, 2, 3, null, "never registered"), TaskOutcome.FetchFailed));
        Assert.Null(missing.Location);

        Assert.IsType<RemoteTaskException>(Back(new ExecutionException("nested job failed", 1, 2, 0, null)));
    }
}
