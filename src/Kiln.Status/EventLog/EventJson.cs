using System.Text.Json;
using Kiln.Scheduler.Events;

namespace Kiln.Status.EventLog;

/// <summary>The event log's line format: one <see cref="ListenerEvent"/> as compact JSON, its type in the <c>Event</c> property.</summary>
public static class EventJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8(ListenerEvent listenerEvent) => JsonSerializer.SerializeToUtf8Bytes(listenerEvent, Options);

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
}
