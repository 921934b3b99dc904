using System.Text;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// What a typed operator runs, as plan data:
/// <code>
/// spec := version:u8 kind:u8 input:type-ref output:type-ref has-key:bool [key:type-ref] closure:(len:i32 bytes)
/// </code>
/// <see cref="Input"/> is the element type of the operator's input Dataset, <see cref="Output"/> of its result,
/// <see cref="Key"/> the grouping or join key type. The closure is deserialized by each task that runs it.
/// </summary>
public sealed record ObjectOperatorSpec(ObjectOperatorKind Kind, Type Input, Type Output, Type? Key, byte[] Closure)
{
    private const byte Version = 1;

    /// <summary>Builds a spec on the driver, serializing the lambda (refusing captures that cannot travel).</summary>
    public static ObjectOperatorSpec Create(ObjectOperatorKind kind, Type input, Type output, Type? key, Delegate lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        return new ObjectOperatorSpec(kind, input, output, key, ClosureSerializer.Serialize(lambda));
    }

    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write((byte)Kind);
            TypeRefs.Write(writer, Input);
            TypeRefs.Write(writer, Output);
            writer.Write(Key is not null);
            if (Key is not null)
            {
                TypeRefs.Write(writer, Key);
            }

            writer.Write(Closure.Length);
            writer.Write(Closure);
        }

        return stream.ToArray();
    }

    public static ObjectOperatorSpec Deserialize(byte[] bytes, UserCodeLoader loader)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"typed operator format version {version} is not supported (this executor speaks {Version})");
        }

        var kind = (ObjectOperatorKind)reader.ReadByte();
        var input = TypeRefs.Read(reader, loader);
        var output = TypeRefs.Read(reader, loader);
        var key = reader.ReadBoolean() ? TypeRefs.Read(reader, loader) : null;
        var closure = reader.ReadBytes(reader.ReadInt32());
        return new ObjectOperatorSpec(kind, input, output, key, closure);
    }

    /// <summary>For plans: <c>lambda in Program.Main: Order → Summary</c>.</summary>
    public string Describe(string source) => $"{source}: {ClrTypes.Name(Input)} → {ClrTypes.Name(Output)}";
}
