using System.Text.Json;
using Kiln.Execution.Physical;
using Kiln.Scheduler.Events;

namespace Kiln.Status.EventLog;

/// <summary>
/// The event log's line format: one <see cref="ListenerEvent"/> as compact JSON, its type in the <c>Event</c> property.
/// The three events of every task (TaskStart, TaskLaunch, TaskEnd) are written by hand with the same properties the
/// serializer writes (checked by a test against it), because they are nearly all of a log's lines and the
/// serializer's polymorphic path cost most of the bus's time; every other event goes through the serializer.
/// </summary>
public static class EventJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Options for a <see cref="Utf8JsonWriter"/> that writes lines as <see cref="Write"/> expects.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = false, Encoder = Options.Encoder, SkipValidation = true };

    public static byte[] ToUtf8(ListenerEvent listenerEvent) => JsonSerializer.SerializeToUtf8Bytes(listenerEvent, Options);

    /// <summary>Writes one event as one JSON object (no newline).</summary>
    public static void Write(Utf8JsonWriter writer, ListenerEvent listenerEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (listenerEvent)
        {
            case TaskStarted t:
                writer.WriteStartObject();
                writer.WriteString("Event", "TaskStart");
                Task(writer, t.TaskId, t.StageId, t.StageAttempt);
                writer.WriteNumber("Index", t.Index);
                writer.WriteNumber("Attempt", t.Attempt);
                writer.WriteString("Time", t.Time);
                writer.WriteEndObject();
                break;
            case TaskLaunched t:
                writer.WriteStartObject();
                writer.WriteString("Event", "TaskLaunch");
                Task(writer, t.TaskId, t.StageId, t.StageAttempt);
                writer.WriteString("ExecutorId", t.ExecutorId);
                writer.WriteString("Time", t.Time);
                writer.WriteEndObject();
                break;
            case TaskEnded t:
                WriteTaskEnded(writer, t);
                break;
            default:
                JsonSerializer.Serialize(writer, listenerEvent, Options);
                break;
        }
    }

    /// <summary>Parses one line; null when it is not a complete, known event (corrupt, or written by a newer Kiln).</summary>
    public static ListenerEvent? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<ListenerEvent>(line, Options);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static void Task(Utf8JsonWriter writer, long taskId, int stageId, int stageAttempt)
    {
        writer.WriteNumber("TaskId", taskId);
        writer.WriteNumber("StageId", stageId);
        writer.WriteNumber("StageAttempt", stageAttempt);
    }

    private static void WriteTaskEnded(Utf8JsonWriter writer, TaskEnded t)
    {
        writer.WriteStartObject();
        writer.WriteString("Event", "TaskEnd");
        Task(writer, t.TaskId, t.StageId, t.StageAttempt);
        writer.WriteNumber("Index", t.Index);
        writer.WriteNumber("Attempt", t.Attempt);
        writer.WriteString("ExecutorId", t.ExecutorId);
        writer.WriteString("Status", t.Status);
        writer.WriteString("Error", t.Error);
        writer.WritePropertyName("Metrics");
        Metrics(writer, t.Metrics);
        writer.WritePropertyName("Nodes");
        JsonSerializer.Serialize(writer, t.Nodes, Options);
        writer.WritePropertyName("CachedBlocks");
        JsonSerializer.Serialize(writer, t.CachedBlocks, Options);
        writer.WriteString("Time", t.Time);
        writer.WriteEndObject();
    }

    private static void Metrics(Utf8JsonWriter writer, TaskMetrics m)
    {
        writer.WriteStartObject();
        writer.WriteNumber("RowsRead", m.RowsRead);
        writer.WriteNumber("RowsWritten", m.RowsWritten);
        writer.WriteNumber("ShuffleBytesWritten", m.ShuffleBytesWritten);
        writer.WriteNumber("ShuffleBytesRead", m.ShuffleBytesRead);
        writer.WriteNumber("SpillBytes", m.SpillBytes);
        writer.WriteNumber("SpillCount", m.SpillCount);
        writer.WriteNumber("PeakMemory", m.PeakMemory);
        writer.WriteNumber("RowGroupsRead", m.RowGroupsRead);
        writer.WriteNumber("RowGroupsSkipped", m.RowGroupsSkipped);
        writer.WriteNumber("ColumnChunksRead", m.ColumnChunksRead);
        writer.WriteNumber("CorruptFilesSkipped", m.CorruptFilesSkipped);
        writer.WriteNumber("ShuffleRecordsRead", m.ShuffleRecordsRead);
        writer.WriteNumber("RunTimeMs", m.RunTimeMs);
        writer.WriteNumber("ShuffleWriteNanos", m.ShuffleWriteNanos);
        writer.WriteEndObject();
    }
}
