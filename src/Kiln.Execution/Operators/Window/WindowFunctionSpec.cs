using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using Kiln.Plan.Serialization;
using Kiln.Plan.Windows;

namespace Kiln.Execution.Operators.Window;

/// <summary>
/// One window function of a <see cref="WindowExec"/>, bound to its input's columns.
/// </summary>
/// <param name="Op">The function.</param>
/// <param name="Argument">The input column the function reads (value functions and aggregates other than count(*)); -1 for none.</param>
/// <param name="Frame">The frame (ranking functions and lag/lead ignore it).</param>
/// <param name="ResultType">The output column's type.</param>
/// <param name="Parameter">ntile's buckets, lag/lead's offset, nth_value's n; 0 otherwise.</param>
/// <param name="Default">lag/lead's default (a literal of the argument's type), else null.</param>
public sealed record WindowFunctionSpec(WindowOp Op, int Argument, WindowFrame Frame, DataType ResultType, int Parameter = 0, Literal? Default = null)
{
    public void Write(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write((byte)Op);
        writer.Write(Argument);
        writer.Writer.Write((byte)Frame.Type);
        writer.Write(Frame.Lower);
        writer.Write(Frame.Upper);
        writer.Write(ResultType);
        writer.Write(Parameter);
        writer.WriteOptional(Default);
    }

    public static WindowFunctionSpec Read(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var op = (WindowOp)reader.Reader.ReadByte();
        var argument = reader.ReadInt();
        var frame = new WindowFrame((FrameType)reader.Reader.ReadByte(), reader.ReadLong(), reader.ReadLong());
        var type = reader.ReadType();
        var parameter = reader.ReadInt();
        var fallback = (Literal?)reader.ReadOptionalExpr();
        return new WindowFunctionSpec(op, argument, frame, type, parameter, fallback);
    }

    public string Describe(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = Op switch
        {
            WindowOp.CountRows => "count(*)",
            _ => $"{Op.ToString().ToLowerInvariant()}({(Argument >= 0 ? input[Argument].Name : "")}{(Parameter != 0 ? $", {Parameter}" : "")})",
        };
        return $"{name} {Frame}";
    }
}
