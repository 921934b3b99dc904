using Kiln.Plan.Serialization;

namespace Kiln.Plan.UserCode;

/// <summary>
/// The plan format of user-code expressions (tag <see cref="ExprTag.UserFunction"/>):
/// <code>
/// user-function-call := name:string source:string closure:(len:i32 bytes) params:(n (type acceptsNull:bool clr:string)*)
///                       return:type returnNullable:bool args:(n expr*)
/// </code>
/// </summary>
public static class UserCodeFormat
{
    public static void Write(PlanWriter writer, UserFunctionCall call)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(call);
        var f = call.Function;
        writer.Write(f.Name);
        writer.Write(f.Source);
        WriteBytes(writer, f.Closure);
        writer.WriteList(f.Parameters, p =>
        {
            writer.Write(p.Type);
            writer.Write(p.AcceptsNull);
            writer.Write(p.ClrName);
        });
        writer.Write(f.ReturnType);
        writer.Write(f.ReturnNullable);
        writer.WriteList(call.Args, writer.Write);
    }

    public static UserFunctionCall ReadCall(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var name = reader.ReadString();
        var source = reader.ReadString();
        var closure = ReadBytes(reader);
        var parameters = reader.ReadList(() =>
        {
            var type = reader.ReadType();
            var acceptsNull = reader.ReadBool();
            return new UdfParameter(type, acceptsNull, reader.ReadString());
        });
        var returnType = reader.ReadType();
        var returnNullable = reader.ReadBool();
        var function = new UserFunction(name, source, closure, parameters, returnType, returnNullable);
        return new UserFunctionCall(function, reader.ReadList(reader.ReadExpr), ArgumentsChecked: true);
    }

    public static void WriteBytes(PlanWriter writer, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(bytes);
        writer.Write(bytes.Length);
        writer.Writer.Write(bytes);
    }

    public static byte[] ReadBytes(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = reader.ReadInt();
        if (n is < 0 or > 1 << 30)
        {
            throw new InvalidDataException($"corrupt plan: {n} bytes of user code");
        }

        return reader.Reader.ReadBytes(n);
    }
}
