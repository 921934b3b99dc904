using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Calls a group lambda once per key group of a reduce partition. Its child is sorted by the key columns (the last
/// <see cref="KeyCount"/>), under a hash exchange on them, so a group is a run of equal keys.
/// </summary>
public sealed class MapGroupsExec : ExecNode
{
    public MapGroupsExec(ObjectOperatorKind kind, string description, byte[] spec, int keyCount, Schema schema, ExecNode child)
    {
        Kind = kind;
        Description = description;
        Spec = spec;
        KeyCount = keyCount;
        Schema = schema;
        Child = child;
    }

    public ObjectOperatorKind Kind { get; }

    public string Description { get; }

    public byte[] Spec { get; }

    public int KeyCount { get; }

    public ExecNode Child { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = ObjectOperatorSpec.Deserialize(Spec, UserCodeTaskScope.CurrentLoader);
        return ObjectRunner.Create(spec, Description).Run(Child.Execute(partition, context), Child.Schema, Schema, context);
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new MapGroupsExec(Kind, Description, Spec, KeyCount, Schema, children[0]);

    public override string Describe() => $"{Kind} {Description} keys={KeyCount} [{string.Join(", ", Schema.Names)}]";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write((byte)UserCodeExecSerializer.Kind.MapGroups);
        writer.Writer.Write((byte)Kind);
        writer.Write(Description);
        UserCodeFormat.WriteBytes(writer, Spec);
        writer.Write(KeyCount);
        writer.Write(Schema);
    }

    internal static MapGroupsExec Read(PlanReader reader, ExecNode child)
    {
        var kind = (ObjectOperatorKind)reader.Reader.ReadByte();
        var description = reader.ReadString();
        var spec = UserCodeFormat.ReadBytes(reader);
        var keyCount = reader.ReadInt();
        return new MapGroupsExec(kind, description, spec, keyCount, reader.ReadSchema(), child);
    }
}
