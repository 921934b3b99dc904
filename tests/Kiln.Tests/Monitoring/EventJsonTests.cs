using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.Execution.Physical;
using Kiln.Execution.UserCode;
using Kiln.Scheduler.Events;
using Kiln.Status.EventLog;

namespace Kiln.Tests.Monitoring;

/// <summary>The hand-written lines of the task events hold exactly what the serializer writes, and read back equal.</summary>
public sealed class EventJsonTests
{
    private static readonly DateTimeOffset Time = new(2026, 12, 7, 10, 23, 50, 305, TimeSpan.Zero);

    /// <summary>Every settable metric a distinct value, so a metric added later and not written by hand fails the comparison.</summary>
    private static TaskMetrics DistinctMetrics()
    {
        var metrics = new TaskMetrics();
        var n = 1;
        foreach (var p in typeof(TaskMetrics).GetProperties().Where(p => p.CanWrite && (p.PropertyType == typeof(long) || p.PropertyType == typeof(int))))
        {
            p.SetValue(metrics, p.PropertyType == typeof(int) ? n++ : (object)(1000L + n++));
        }

        return metrics;
    }

    public static TheoryData<string> Events() => ["started", "launched", "ended", "ended-with-nodes", "failed"];

    private static ListenerEvent Make(string name) => name switch
    {
        "started" => new TaskStarted(Time, 7, 2, 0, 3, 1),
        "launched" => new TaskLaunched(Time, 7, 2, 0, "exec-\"1\""),
        "ended" => new TaskEnded(Time, 7, 2, 0, 3, 1, "1", "SUCCESS", null, DistinctMetrics()),
        "ended-with-nodes" => new TaskEnded(Time, 7, 2, 0, 3, 1, "1", "SUCCESS", null, DistinctMetrics(), [new NodeMetrics(0, 5, 6, 7), new NodeMetrics(2, 1, 2, 0, 3, 4)], [new CachedBlock(1, 3, "1", false, 99)]),
        _ => new TaskEnded(Time, 7, 2, 0, 3, 1, "1", "FAILED", "InvalidOperationException: <bad> & \"quoted\"", new TaskMetrics()),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void A_task_event_s_line_equals_the_serializer_s(string name)
    {
        var e = Make(name);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            EventJson.Write(writer, e);
        }

        var handWritten = JsonNode.Parse(buffer.WrittenSpan);
        var serialized = JsonNode.Parse(EventJson.ToUtf8(e));
        Assert.True(JsonNode.DeepEquals(serialized, handWritten), $"serializer: {serialized?.ToJsonString()}\nby hand:    {handWritten?.ToJsonString()}");
        var back = EventJson.Parse(buffer.WrittenSpan);
        Assert.NotNull(back);
        Assert.Equal(JsonSerializer.Serialize(e), JsonSerializer.Serialize(back));
    }
}
