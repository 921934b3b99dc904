using System.Text;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Turns a user lambda into bytes on the driver and back into a delegate on an executor. A lambda travels as a
/// reference to its method in the user's assembly plus its captured values:
/// <code>
/// closure    := 'K' 'C' version:u8 delegate
/// delegate   := type-ref(delegate type) type-ref(declaring type) token:i32 name:string
///               generic-count:i32 type-ref* has-target:bool [value(target)]
/// </code>
/// The target (the compiler's closure object, or <c>this</c> for an instance method) is written by
/// <see cref="ValueWriter"/>: its fields are the captured variables. Static lambdas and methods have no target.
/// Serialization fails early, on the driver, with <see cref="ClosureNotSerializableException"/> naming the
/// captured field and its type.
/// </summary>
/// <remarks>
/// Thread-safe (stateless). Deserialization resolves methods through the executor's <see cref="UserCodeLoader"/>,
/// which caches them per executor; the target is re-created for each deserialization, so every task gets its own
/// copy of the captured values.
/// </remarks>
public static class ClosureSerializer
{
    private const byte Version = 1;

    public static byte[] Serialize(Delegate closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)'K');
            writer.Write((byte)'C');
            writer.Write(Version);
            new ValueWriter(writer, LambdaNames.Describe(closure.Method)).WriteDelegate(closure);
        }

        return stream.ToArray();
    }

    public static Delegate Deserialize(byte[] bytes, UserCodeLoader loader)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (bytes.Length < 3 || reader.ReadByte() != 'K' || reader.ReadByte() != 'C')
        {
            throw new InvalidDataException("corrupt closure: bad magic");
        }

        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"closure format version {version} is not supported (this executor speaks {Version}); driver and executors must run the same Kiln version");
        }

        var values = new ValueReader(reader, loader);
        var closure = values.ReadDelegate();
        values.Complete();
        return closure;
    }

    public static T Deserialize<T>(byte[] bytes, UserCodeLoader loader)
        where T : Delegate => Deserialize(bytes, loader) as T
            ?? throw new InvalidDataException($"closure is not a {typeof(T).Name}");

    /// <summary>Serializes a plain value (a broadcast value, an accumulator's partial result).</summary>
    /// <param name="owner">What holds the value, for refusal messages ("broadcast value").</param>
    public static byte[] SerializeValue(object? value, string owner)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            new ValueWriter(writer, owner).WriteValue(value);
        }

        return stream.ToArray();
    }

    public static object? DeserializeValue(byte[] bytes, UserCodeLoader loader)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"value format version {version} is not supported (this executor speaks {Version})");
        }

        var values = new ValueReader(reader, loader);
        var value = values.ReadValue();
        values.Complete();
        return value;
    }
}
