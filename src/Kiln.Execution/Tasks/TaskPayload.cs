using Kiln.Common.Ipc;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Tasks;

/// <summary>
/// The bytes a task receives: format version, the plan fragment, and what to do with its output
/// (<see cref="TaskOutput"/>). Deserialized on the executor by <see cref="Read"/>.
/// </summary>
public static class TaskPayload
{
    private const int Version = 1;

    public static byte[] Serialize(ExecNode fragment, TaskOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        using (var writer = new PlanWriter(stream))
        {
            writer.Write(Version);
            PhysicalPlanSerializer.Write(writer, fragment);
            WriteOutput(writer, output);
        }

        return stream.ToArray();
    }

    public static (ExecNode Fragment, TaskOutput Output) Read(byte[] payload)
    {
        using var stream = new MemoryStream(payload);
        using var reader = new PlanReader(stream);
        var version = reader.ReadInt();
        if (version != Version)
        {
            throw new InvalidDataException($"task payload version {version} is not supported (this executor speaks version {Version}); driver and executors must run the same Kiln version");
        }

        var fragment = PhysicalPlanSerializer.Read(reader);
        return (fragment, ReadOutput(reader));
    }

    private static void WriteOutput(PlanWriter writer, TaskOutput output)
    {
        switch (output)
        {
            case CollectOutput:
                writer.Write(1);
                break;
            case ShuffleOutput s:
                writer.Write(2);
                writer.Write(s.ShuffleId);
                WritePartitioning(writer, s.Partitioning);
                break;
            case WriteFilesOutput w:
                writer.Write(3);
                writer.Write(w.Path);
                writer.Write(w.Format);
                writer.Write(w.Options);
                writer.Write(w.JobId);
                writer.WriteList(w.PartitionColumns, writer.Write);
                break;
            case SampleOutput s:
                writer.Write(4);
                writer.WriteList(s.Order, writer.Write);
                writer.Write(s.SampleSize);
                break;
            default:
                throw new NotSupportedException(output.GetType().Name);
        }
    }

    private static TaskOutput ReadOutput(PlanReader reader) => reader.ReadInt() switch
    {
        1 => new CollectOutput(),
        2 => new ShuffleOutput(reader.ReadInt(), ReadPartitioning(reader)),
        3 => new WriteFilesOutput(reader.ReadString(), reader.ReadString(), reader.ReadMap(), reader.ReadString()) { PartitionColumns = reader.ReadList(reader.ReadString) },
        4 => new SampleOutput(reader.ReadList(reader.ReadSortOrder), reader.ReadInt()),
        var k => throw new InvalidDataException($"corrupt task payload: unknown output kind {k}"),
    };

    private static void WritePartitioning(PlanWriter writer, Partitioning partitioning)
    {
        switch (partitioning)
        {
            case HashPartitioning h:
                writer.Write(1);
                writer.WriteList(h.Keys, writer.Write);
                writer.Write(h.Count);
                break;
            case SinglePartitioning:
                writer.Write(2);
                break;
            case RangePartitioning r:
                writer.Write(3);
                writer.WriteList(r.Order, writer.Write);
                writer.Write(r.Count);
                writer.Write(r.Bounds is not null);
                if (r.Bounds is { } bounds)
                {
                    writer.Write(bounds.Schema);
                    writer.Writer.Flush();
                    BatchSerializer.Write(writer.Writer.BaseStream, bounds);
                }

                break;
            default:
                throw new NotSupportedException(partitioning.GetType().Name);
        }
    }

    private static Partitioning ReadPartitioning(PlanReader reader)
    {
        switch (reader.ReadInt())
        {
            case 1:
                return new HashPartitioning(reader.ReadList(reader.ReadExpr), reader.ReadInt());
            case 2:
                return new SinglePartitioning();
            case 3:
                {
                    var order = reader.ReadList(reader.ReadSortOrder);
                    var count = reader.ReadInt();
                    if (!reader.ReadBool())
                    {
                        return new RangePartitioning(order, count);
                    }

                    var schema = reader.ReadSchema();
                    return new RangePartitioning(order, count, BatchSerializer.Read(reader.Reader.BaseStream, schema));
                }

            default:
                throw new InvalidDataException("corrupt task payload: unknown partitioning");
        }
    }
}
