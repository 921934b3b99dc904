using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Reflection;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Decides which objects a closure may carry by their fields: the application's own classes, records and structs
/// (and the compiler's closure classes), a few framework containers (tuples, <see cref="KeyValuePair{TKey,TValue}"/>,
/// <see cref="ReadOnlyCollection{T}"/>) and Kiln types marked <see cref="ExecutorSerializableAttribute"/>. Any
/// other framework or Kiln type (sockets, streams, the session, DataFrames) is refused with a reason.
/// </summary>
internal static class CapturePolicy
{
    public const string DefaultAdvice =
        "capture only serializable values (primitives, strings, decimals, dates, arrays, lists, dictionaries, and records or classes of those) or use a Broadcast";

    private static readonly HashSet<Type> FrameworkByFields =
    [
        typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>), typeof(ValueTuple<,,,,>),
        typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>), typeof(ValueTuple),
        typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>),
        typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>), typeof(KeyValuePair<,>), typeof(ReadOnlyCollection<>),
    ];

    private static readonly ConcurrentDictionary<Type, FieldInfo[]> FieldCache = new();

    /// <summary>Null when instances of <paramref name="type"/> may be sent by their fields; otherwise why not.</summary>
    public static string? RefusalReason(Type type)
    {
        if (type.IsPointer || type == typeof(IntPtr) || type == typeof(UIntPtr))
        {
            return "native pointers and handles only mean something in the driver process";
        }

        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (FrameworkByFields.Contains(definition))
        {
            return null;
        }

        if (KilnAssemblies.IsEngine(type.Assembly) && !LambdaNames.IsCompilerGenerated(type))
        {
            return type.IsDefined(typeof(ExecutorSerializableAttribute), inherit: false)
                ? null
                : "sessions, DataFrames, Datasets and columns exist only on the driver; compute the values you need first and capture those";
        }

        if (KilnAssemblies.IsFramework(type.Assembly))
        {
            return DefaultAdvice;
        }

        for (var b = type.BaseType; b is not null && b != typeof(object) && b != typeof(ValueType); b = b.BaseType)
        {
            if (KilnAssemblies.IsFramework(b.Assembly) || (KilnAssemblies.IsEngine(b.Assembly) && !b.IsDefined(typeof(ExecutorSerializableAttribute), false)))
            {
                return $"it derives from {b.FullName}, which cannot be sent; {DefaultAdvice}";
            }
        }

        return null;
    }

    /// <summary>The instance fields sent for a type, base classes first; <see cref="NonSerializedAttribute"/> fields are skipped.</summary>
    public static FieldInfo[] Fields(Type type) => FieldCache.GetOrAdd(type, static t =>
    {
        var chain = new List<Type>();
        for (var c = t; c is not null && c != typeof(object) && c != typeof(ValueType); c = c.BaseType)
        {
            chain.Add(c);
        }

        chain.Reverse();
        return chain
            .SelectMany(c => c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsDefined(typeof(NonSerializedAttribute), inherit: false))
                .OrderBy(f => f.MetadataToken))
            .ToArray();
    });
}
