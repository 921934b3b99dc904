using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Serialization;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Reads what <see cref="ValueWriter"/> wrote, resolving types and methods through the executor's
/// <see cref="UserCodeLoader"/>. Objects implementing <see cref="IDeserializationCallback"/> are notified by
/// <see cref="Complete"/> once the whole graph is read (accumulators use it to join the running task).
/// </summary>
/// <remarks>One instance per serialized graph; not thread-safe.</remarks>
public sealed class ValueReader
{
    private const int MaxLength = 1 << 28;

    private readonly BinaryReader _reader;
    private readonly UserCodeLoader _loader;
    private readonly List<object?> _objects = [];
    private readonly List<IDeserializationCallback> _callbacks = [];

    public ValueReader(BinaryReader reader, UserCodeLoader loader)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _loader = loader ?? throw new ArgumentNullException(nameof(loader));
    }

    /// <summary>Notifies the objects that asked for it; call once after the last read.</summary>
    public void Complete()
    {
        foreach (var c in _callbacks)
        {
            c.OnDeserialization(this);
        }

        _callbacks.Clear();
    }

    public Delegate ReadDelegate()
    {
        var delegateType = TypeRefs.Read(_reader, _loader);
        var declaring = TypeRefs.Read(_reader, _loader);
        var token = _reader.ReadInt32();
        var name = _reader.ReadString();
        var method = _loader.ResolveMethod(declaring, token, name);
        var genericCount = _reader.ReadInt32();
        if (genericCount > 0)
        {
            var args = new Type[genericCount];
            for (var i = 0; i < genericCount; i++)
            {
                args[i] = TypeRefs.Read(_reader, _loader);
            }

            method = method.MakeGenericMethod(args);
        }

        if (!_reader.ReadBoolean())
        {
            return _loader.StaticDelegate(method, delegateType);
        }

        var target = ReadValue();
        return method.CreateDelegate(delegateType, target);
    }

    public object? ReadValue()
    {
        var tag = (ValueTag)_reader.ReadByte();
        switch (tag)
        {
            case ValueTag.Null:
                return null;
            case ValueTag.Bool:
                return _reader.ReadBoolean();
            case ValueTag.Byte:
                return _reader.ReadByte();
            case ValueTag.SByte:
                return _reader.ReadSByte();
            case ValueTag.Int16:
                return _reader.ReadInt16();
            case ValueTag.UInt16:
                return _reader.ReadUInt16();
            case ValueTag.Int32:
                return _reader.ReadInt32();
            case ValueTag.UInt32:
                return _reader.ReadUInt32();
            case ValueTag.Int64:
                return _reader.ReadInt64();
            case ValueTag.UInt64:
                return _reader.ReadUInt64();
            case ValueTag.Single:
                return _reader.ReadSingle();
            case ValueTag.Double:
                return _reader.ReadDouble();
            case ValueTag.Decimal:
                return _reader.ReadDecimal();
            case ValueTag.Char:
                return (char)_reader.ReadUInt16();
            case ValueTag.String:
                return _reader.ReadString();
            case ValueTag.DateTime:
                {
                    var ticks = _reader.ReadInt64();
                    return new DateTime(ticks, (DateTimeKind)_reader.ReadByte());
                }

            case ValueTag.DateOnly:
                return DateOnly.FromDayNumber(_reader.ReadInt32());
            case ValueTag.TimeOnly:
                return new TimeOnly(_reader.ReadInt64());
            case ValueTag.TimeSpan:
                return new TimeSpan(_reader.ReadInt64());
            case ValueTag.DateTimeOffset:
                {
                    var ticks = _reader.ReadInt64();
                    return new DateTimeOffset(ticks, TimeSpan.FromMinutes(_reader.ReadInt16()));
                }

            case ValueTag.Guid:
                return new Guid(_reader.ReadBytes(16));
            case ValueTag.Int128:
                {
                    var lo = _reader.ReadUInt64();
                    var hi = _reader.ReadUInt64();
                    return (Int128)(((UInt128)hi << 64) | lo);
                }

            case ValueTag.Enum:
                {
                    var type = TypeRefs.Read(_reader, _loader);
                    return Enum.ToObject(type, ReadValue()!);
                }

            case ValueTag.BackReference:
                {
                    var id = _reader.ReadInt32();
                    return id >= 0 && id < _objects.Count && _objects[id] is { } o
                        ? o
                        : throw new InvalidDataException($"corrupt closure: reference {id} to an object not yet read");
                }

            case ValueTag.Delegate:
                {
                    var slot = Reserve();
                    var d = ReadDelegate();
                    _objects[slot] = d;
                    return d;
                }

            case ValueTag.Array:
                return ReadArray();
            case ValueTag.List:
                {
                    var type = TypeRefs.Read(_reader, _loader);
                    var count = Length();
                    var list = (IList)Activator.CreateInstance(type, count)!;
                    Register(list);
                    for (var i = 0; i < count; i++)
                    {
                        list.Add(ReadValue());
                    }

                    return list;
                }

            case ValueTag.Dictionary:
                {
                    var type = TypeRefs.Read(_reader, _loader);
                    var dictionary = (IDictionary)Create(type, _reader.ReadByte());
                    Register(dictionary);
                    var count = Length();
                    for (var i = 0; i < count; i++)
                    {
                        var key = ReadValue()!;
                        dictionary[key] = ReadValue();
                    }

                    return dictionary;
                }

            case ValueTag.HashSet:
                {
                    var type = TypeRefs.Read(_reader, _loader);
                    var set = Create(type, _reader.ReadByte());
                    Register(set);
                    var add = type.GetMethod("Add")!;
                    var count = Length();
                    for (var i = 0; i < count; i++)
                    {
                        add.Invoke(set, [ReadValue()]);
                    }

                    return set;
                }

            case ValueTag.Object:
                return ReadObject();
            default:
                throw new InvalidDataException($"corrupt closure: unknown value tag {(byte)tag}");
        }
    }

    private object ReadObject()
    {
        var type = TypeRefs.Read(_reader, _loader);
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        if (!type.IsValueType)
        {
            Register(instance);
        }

        var fields = CapturePolicy.Fields(type);
        var count = _reader.ReadInt32();
        if (count != fields.Length)
        {
            throw Mismatch(type, $"{count} fields were sent but the type has {fields.Length} here");
        }

        foreach (var f in fields)
        {
            var name = _reader.ReadString();
            if (name != f.Name)
            {
                throw Mismatch(type, $"field '{name}' was sent where '{f.Name}' is expected");
            }

            f.SetValue(instance, ReadValue());
        }

        if (instance is IDeserializationCallback callback)
        {
            _callbacks.Add(callback);
        }

        return instance;
    }

    private Array ReadArray()
    {
        var element = TypeRefs.Read(_reader, _loader);
        var packed = _reader.ReadBoolean();
        var length = Length();
        var array = Array.CreateInstance(element, length);
        Register(array);
        if (packed)
        {
            var bytes = _reader.ReadBytes(Buffer.ByteLength(array));
            Buffer.BlockCopy(bytes, 0, array, 0, bytes.Length);
            return array;
        }

        if (_reader.ReadInt32() != length)
        {
            throw new InvalidDataException("corrupt closure: array length mismatch");
        }

        for (var i = 0; i < length; i++)
        {
            array.SetValue(ReadValue(), i);
        }

        return array;
    }

    private static object Create(Type collection, byte comparer)
    {
        object? argument = comparer switch
        {
            0 => null,
            1 => StringComparer.Ordinal,
            2 => StringComparer.OrdinalIgnoreCase,
            3 => StringComparer.InvariantCulture,
            4 => StringComparer.InvariantCultureIgnoreCase,
            _ => throw new InvalidDataException($"corrupt closure: comparer code {comparer}"),
        };
        return argument is null ? Activator.CreateInstance(collection)! : Activator.CreateInstance(collection, argument)!;
    }

    private int Length()
    {
        var n = _reader.ReadInt32();
        return n is >= 0 and <= MaxLength ? n : throw new InvalidDataException($"corrupt closure: length {n}");
    }

    private int Reserve()
    {
        _objects.Add(null);
        return _objects.Count - 1;
    }

    private void Register(object o) => _objects.Add(o);

    private static UserCodeLoadException Mismatch(Type type, string detail) =>
        new($"type {type.FullName} differs between driver and executor ({detail}); the executor must run the same build of the application as the driver");
}
