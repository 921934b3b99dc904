using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Runs a typed Dataset operator (Select, Where, SelectMany, MapPartitions, ForEach, key appending) over its child's
/// batches. The lambda is deserialized inside the task, with the executor's loader; see <see cref="ObjectRunner"/>.
/// </summary>
public sealed class ObjectOperatorExec : ExecNode
{
    public ObjectOperatorExec(ObjectOperatorKind kind, string description, byte[] spec, Schema schema, ExecNode child)
    {
        Kind = kind;
        Description = description;
        Spec = spec;
        Schema = schema;
        Child = child;
    }

    public ObjectOperatorKind Kind { get; }

    public string Description { get; }

    public byte[] Spec { get; }

    public ExecNode Child { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = ObjectOperatorSpec.Deserialize(Spec, UserCodeTaskScope.CurrentLoader);
        var runner = ObjectRunner.Create(spec, Description);
        return runner.Run(Child.Execute(partition, context), Child.Schema, Schema, context);
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new ObjectOperatorExec(Kind, Description, Spec, Schema, children[0]);

    public override string Describe() => $"{Kind}Objects {Description} [{string.Join(", ", Schema.Names)}]";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write((byte)UserCodeExecSerializer.Kind.ObjectOperator);
        writer.Writer.Write((byte)Kind);
        writer.Write(Description);
        UserCodeFormat.WriteBytes(writer, Spec);
        writer.Write(Schema);
    }

    internal static ObjectOperatorExec Read(PlanReader reader, ExecNode child)
    {
        var kind = (ObjectOperatorKind)reader.Reader.ReadByte();
        var description = reader.ReadString();
        var spec = UserCodeFormat.ReadBytes(reader);
        return new ObjectOperatorExec(kind, description, spec, reader.ReadSchema(), child);
    }
}
