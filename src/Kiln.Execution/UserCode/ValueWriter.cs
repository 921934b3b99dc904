using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Writes a closure's captured values (and broadcast and accumulator values) in Kiln's explicit value format:
/// <code>
/// value   := tag payload
///   Null | Bool b | Int32 i32 | ... | String s | Decimal 4×i32 | DateTime ticks kind | DateOnly day | Guid 16 bytes
///   Enum type-ref value                                underlying integer as a tagged value
///   Array type-ref(element) packed:bool n values|bytes one-dimensional; primitive elements packed raw
///   List type-ref n value* | HashSet type-ref comparer n value* | Dictionary type-ref comparer n (value value)*
///   Object type-ref n (name value)*                    a class, record or struct by its fields
///   Delegate closure                                   a nested lambda (see ClosureSerializer)
///   BackReference id                                   an object already written (shared references, cycles)
/// </code>
/// Anything else is refused with <see cref="ClosureNotSerializableException"/>, naming the field path and type.
/// Fields of the compiler's closure classes that the lambda does not use (see <see cref="ClosureCleaner"/>) are
/// written as null.
/// </summary>
/// <remarks>One instance per serialized graph; not thread-safe.</remarks>
public sealed class ValueWriter
{
    private readonly BinaryWriter _writer;
    private readonly Dictionary<object, int> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _path = [];
    private HashSet<(Module Module, int Token)>? _usedClosureFields;
    private string _owner;

    /// <param name="owner">What holds the values, for messages: "lambda in Program.Main", "broadcast value".</param>
    public ValueWriter(BinaryWriter writer, string owner)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _owner = owner;
    }

    /// <summary>Writes a delegate: its type, its method and its target's fields.</summary>
    public void WriteDelegate(Delegate value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var saved = (_owner, Path: _path.ToArray());
        if (value.GetInvocationList().Length > 1)
        {
            Refuse(value.GetType(), "a multicast delegate (several methods combined with +) is not supported; pass a single lambda");
        }

        var method = value.Method;
        if (method is DynamicMethod || method.DeclaringType is null || method.GetType().Name.Contains("RTDynamicMethod", StringComparison.Ordinal))
        {
            Refuse(value.GetType(), "it calls a dynamically generated method (a compiled expression tree); pass a lambda or a method of your application");
        }

        _owner = LambdaNames.Describe(method);
        _usedClosureFields ??= ClosureCleaner.UsedFields(value);
        _path.Clear();
        TypeRefs.Write(_writer, value.GetType());
        TypeRefs.Write(_writer, method.DeclaringType!);
        _writer.Write(method.MetadataToken);
        _writer.Write(method.Name);
        var genericArgs = method.IsGenericMethod ? method.GetGenericArguments() : [];
        _writer.Write(genericArgs.Length);
        foreach (var g in genericArgs)
        {
            TypeRefs.Write(_writer, g);
        }

        var target = value.Target;
        _writer.Write(target is not null);
        if (target is not null)
        {
            var compilerScope = LambdaNames.IsCompilerGenerated(target.GetType());
            if (!compilerScope)
            {
                _path.Add("this");
            }

            WriteValue(target);
        }

        (_owner, var path) = saved;
        _path.Clear();
        _path.AddRange(path);
    }

    /// <summary>Writes any supported value (null included).</summary>
    public void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                Tag(ValueTag.Null);
                return;
            case string s:
                Tag(ValueTag.String);
                _writer.Write(s);
                return;
            case bool b:
                Tag(ValueTag.Bool);
                _writer.Write(b);
                return;
            case int i:
                Tag(ValueTag.Int32);
                _writer.Write(i);
                return;
            case long l:
                Tag(ValueTag.Int64);
                _writer.Write(l);
                return;
            case double d:
                Tag(ValueTag.Double);
                _writer.Write(d);
                return;
            case decimal m:
                Tag(ValueTag.Decimal);
                _writer.Write(m);
                return;
            case Enum e:
                Tag(ValueTag.Enum);
                TypeRefs.Write(_writer, e.GetType());
                WriteValue(Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), System.Globalization.CultureInfo.InvariantCulture));
                return;
        }

        if (WriteScalar(value))
        {
            return;
        }

        var type = value.GetType();
        if (!type.IsValueType)
        {
            if (_ids.TryGetValue(value, out var id))
            {
                Tag(ValueTag.BackReference);
                _writer.Write(id);
                return;
            }

            _ids[value] = _ids.Count;
        }

        switch (value)
        {
            case Delegate d:
                Tag(ValueTag.Delegate);
                WriteDelegate(d);
                return;
            case Array a:
                WriteArray(a, type);
                return;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>))
            {
                Tag(ValueTag.List);
                TypeRefs.Write(_writer, type);
                WriteItems((IList)value);
                return;
            }

            if (definition == typeof(Dictionary<,>))
            {
                WriteDictionary((IDictionary)value, type);
                return;
            }

            if (definition == typeof(HashSet<>))
            {
                WriteHashSet(value, type);
                return;
            }
        }

        if (CapturePolicy.RefusalReason(type) is { } reason)
        {
            Refuse(type, reason);
        }

        Tag(ValueTag.Object);
        TypeRefs.Write(_writer, type);
        var fields = CapturePolicy.Fields(type);
        var closure = _usedClosureFields is not null && LambdaNames.IsClosureClass(type);
        _writer.Write(fields.Length);
        foreach (var f in fields)
        {
            _writer.Write(f.Name);
            if (closure && !_usedClosureFields!.Contains((f.Module, f.MetadataToken)))
            {
                // A variable of the same scope that only other lambdas use: not part of this closure.
                Tag(ValueTag.Null);
                continue;
            }

            var name = LambdaNames.FieldName(f);
            if (name is not null)
            {
                _path.Add(name);
            }

            WriteValue(f.GetValue(value));
            if (name is not null)
            {
                _path.RemoveAt(_path.Count - 1);
            }
        }
    }

    private bool WriteScalar(object value)
    {
        switch (value)
        {
            case byte v:
                Tag(ValueTag.Byte);
                _writer.Write(v);
                return true;
            case sbyte v:
                Tag(ValueTag.SByte);
                _writer.Write(v);
                return true;
            case short v:
                Tag(ValueTag.Int16);
                _writer.Write(v);
                return true;
            case ushort v:
                Tag(ValueTag.UInt16);
                _writer.Write(v);
                return true;
            case uint v:
                Tag(ValueTag.UInt32);
                _writer.Write(v);
                return true;
            case ulong v:
                Tag(ValueTag.UInt64);
                _writer.Write(v);
                return true;
            case float v:
                Tag(ValueTag.Single);
                _writer.Write(v);
                return true;
            case char v:
                Tag(ValueTag.Char);
                _writer.Write((ushort)v);
                return true;
            case DateTime v:
                Tag(ValueTag.DateTime);
                _writer.Write(v.Ticks);
                _writer.Write((byte)v.Kind);
                return true;
            case DateOnly v:
                Tag(ValueTag.DateOnly);
                _writer.Write(v.DayNumber);
                return true;
            case TimeOnly v:
                Tag(ValueTag.TimeOnly);
                _writer.Write(v.Ticks);
                return true;
            case TimeSpan v:
                Tag(ValueTag.TimeSpan);
                _writer.Write(v.Ticks);
                return true;
            case DateTimeOffset v:
                Tag(ValueTag.DateTimeOffset);
                _writer.Write(v.Ticks);
                _writer.Write((short)v.Offset.TotalMinutes);
                return true;
            case Guid v:
                Tag(ValueTag.Guid);
                _writer.Write(v.ToByteArray());
                return true;
            case Int128 v:
                Tag(ValueTag.Int128);
                _writer.Write((ulong)(v & ulong.MaxValue));
                _writer.Write((ulong)(v >> 64));
                return true;
            default:
                return false;
        }
    }

    private void WriteArray(Array array, Type type)
    {
        if (!type.IsSZArray)
        {
            Refuse(type, "only one-dimensional arrays can be sent; use an array of arrays");
        }

        var element = type.GetElementType()!;
        Tag(ValueTag.Array);
        TypeRefs.Write(_writer, element);
        var packed = element.IsPrimitive && element != typeof(IntPtr) && element != typeof(UIntPtr);
        _writer.Write(packed);
        _writer.Write(array.Length);
        if (packed)
        {
            var bytes = new byte[Buffer.ByteLength(array)];
            Buffer.BlockCopy(array, 0, bytes, 0, bytes.Length);
            _writer.Write(bytes);
            return;
        }

        WriteItems(array);
    }

    private void WriteItems(IList items)
    {
        _writer.Write(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            _path.Add($"[{i}]");
            WriteValue(items[i]);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void WriteDictionary(IDictionary dictionary, Type type)
    {
        Tag(ValueTag.Dictionary);
        TypeRefs.Write(_writer, type);
        _writer.Write(ComparerCode(type.GetProperty("Comparer")!.GetValue(dictionary), type.GetGenericArguments()[0], type));
        _writer.Write(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            _path.Add("[key]");
            WriteValue(entry.Key);
            _path[^1] = $"[{entry.Key}]";
            WriteValue(entry.Value);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void WriteHashSet(object set, Type type)
    {
        Tag(ValueTag.HashSet);
        TypeRefs.Write(_writer, type);
        _writer.Write(ComparerCode(type.GetProperty("Comparer")!.GetValue(set), type.GetGenericArguments()[0], type));
        var items = ((IEnumerable)set).Cast<object?>().ToList();
        WriteItems(items);
    }

    /// <summary>0 = the default comparer; 1–4 = StringComparer Ordinal, OrdinalIgnoreCase, InvariantCulture, InvariantCultureIgnoreCase.</summary>
    private byte ComparerCode(object? comparer, Type keyType, Type collection)
    {
        var defaultComparer = typeof(EqualityComparer<>).MakeGenericType(keyType).GetProperty("Default")!.GetValue(null);
        if (comparer is null || ReferenceEquals(comparer, defaultComparer))
        {
            return 0;
        }

        if (ReferenceEquals(comparer, StringComparer.Ordinal))
        {
            return 1;
        }

        if (ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase))
        {
            return 2;
        }

        if (ReferenceEquals(comparer, StringComparer.InvariantCulture))
        {
            return 3;
        }

        if (ReferenceEquals(comparer, StringComparer.InvariantCultureIgnoreCase))
        {
            return 4;
        }

        Refuse(collection, $"its comparer {comparer.GetType().FullName} cannot be sent; use the default comparer or a StringComparer such as Ordinal or OrdinalIgnoreCase");
        return 0;
    }

    private void Tag(ValueTag tag) => _writer.Write((byte)tag);

    private void Refuse(Type type, string reason)
    {
        var path = _path.Count == 0 ? "(value)" : string.Concat(_path.Select((p, i) => i == 0 || p.StartsWith('[') ? p : "." + p));
        throw new ClosureNotSerializableException(_owner, path, type.FullName ?? type.Name, reason);
    }
}
