using System.Collections.Concurrent;
using System.Reflection;
using Kiln.Common.Types;

namespace Kiln.Execution.UserCode;

/// <summary>
/// How objects of a CLR type are laid out as columns: a scalar type is one column named <c>value</c>; a record,
/// class, struct or tuple is one column per member (public properties and fields that a constructor parameter or
/// a setter can fill), nested objects flattened in member order. Objects are rebuilt through the constructor whose
/// parameters match member names (records, anonymous types, tuples), else a parameterless constructor and setters.
/// </summary>
/// <remarks>
/// A nested object whose columns are all NULL reads back as null (and a null nested object writes all NULLs).
/// Leaves of nested members are named after the member, qualified by the top-level member's name
/// (<c>Item1.Name</c> for a tuple), so <c>Col("Item1.Name")</c> resolves. Layouts are cached per type.
/// </remarks>
public sealed class ObjectLayout
{
    private static readonly ConcurrentDictionary<Type, ObjectLayout> Cache = new();

    private ObjectLayout(Type type, LayoutNode root, IReadOnlyList<LayoutLeaf> leaves)
    {
        Type = type;
        Root = root;
        Leaves = leaves;
    }

    public Type Type { get; }

    public IReadOnlyList<LayoutLeaf> Leaves { get; }

    /// <summary>Whether objects are a single scalar column.</summary>
    public bool IsScalar => Root is ScalarNode;

    internal LayoutNode Root { get; }

    /// <summary>The columns with their default types.</summary>
    public Schema Schema => new(Leaves.Select(l => new Field(l.Name, l.DataType, l.Nullable)));

    /// <summary>The layout of <paramref name="type"/>; throws <see cref="DatasetTypeException"/> naming the member that cannot be stored.</summary>
    public static ObjectLayout For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Cache.GetOrAdd(type, static t =>
        {
            var leaves = new List<LayoutLeaf>();
            var root = Analyze(t, t, [], leaves, [], nullableContainer: false);
            return new ObjectLayout(t, root, leaves);
        });
    }

    private static LayoutNode Analyze(Type root, Type type, List<string> path, List<LayoutLeaf> leaves, HashSet<Type> visiting, bool nullableContainer)
    {
        if (ClrTypes.TryMap(type) is { } dataType)
        {
            var name = path.Count == 0 ? "value" : path[^1];
            var qualifier = path.Count > 1 ? path[0] : null;
            leaves.Add(new LayoutLeaf(name, qualifier, [.. path], type, dataType, nullableContainer || ClrTypes.CanBeNull(type)));
            return new ScalarNode(leaves.Count - 1, type);
        }

        var where = path.Count == 0 ? ClrTypes.Name(root) : $"member '{string.Join(".", path)}' of {ClrTypes.Name(root)}";
        var under = Nullable.GetUnderlyingType(type);
        var objectType = under ?? type;
        if (!IsComposite(objectType))
        {
            throw new DatasetTypeException(root, $"{where} has type {ClrTypes.Name(type)}, which a Dataset column cannot hold; use {ClrTypes.Supported}, or records, classes, structs and tuples of those");
        }

        if (!visiting.Add(objectType))
        {
            throw new DatasetTypeException(root, $"{where} has type {ClrTypes.Name(type)}, which contains itself; a Dataset row cannot be recursive");
        }

        var (members, constructor) = Members(root, objectType, where);
        var first = leaves.Count;
        var nested = path.Count > 0;
        var children = new List<LayoutMember>();
        foreach (var m in members)
        {
            path.Add(m.Name);
            var child = Analyze(root, MemberType(m), path, leaves, visiting, nullableContainer || (nested && ClrTypes.CanBeNull(type)));
            path.RemoveAt(path.Count - 1);
            children.Add(new LayoutMember(m, child));
        }

        visiting.Remove(objectType);
        var leafIndices = Enumerable.Range(first, leaves.Count - first).ToArray();
        return new CompositeNode(type, objectType, children, constructor, leafIndices);
    }

    private static bool IsComposite(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsArray || type.IsPointer || type.IsInterface || type.IsAbstract || typeof(Delegate).IsAssignableFrom(type))
        {
            return false;
        }

        if (typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return false;
        }

        return CapturePolicy.RefusalReason(type) is null;
    }

    private static (IReadOnlyList<MemberInfo> Members, ConstructorInfo? Constructor) Members(Type root, Type type, string where)
    {
        var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");
        var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public);
        var all = properties.Cast<MemberInfo>().Concat(fields).OrderBy(m => m.MetadataToken).ToList();

        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().Length > 0 && c.GetParameters().All(p => all.Any(m => Matches(m, p))))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        var ordered = new List<MemberInfo>();
        if (constructor is not null)
        {
            ordered.AddRange(constructor.GetParameters().Select(p => all.First(m => Matches(m, p))));
        }
        else if (!type.IsValueType && type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new DatasetTypeException(root, $"{where} cannot be rebuilt from columns: {ClrTypes.Name(type)} has neither a constructor whose parameters match its properties nor a parameterless constructor");
        }

        ordered.AddRange(all.Where(m => !ordered.Contains(m) && Settable(m)));
        if (ordered.Count == 0)
        {
            throw new DatasetTypeException(root, $"{where} has type {ClrTypes.Name(type)}, which has no public properties or fields to store");
        }

        return (ordered, constructor);
    }

    private static bool Matches(MemberInfo member, ParameterInfo parameter) =>
        string.Equals(member.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) && MemberType(member) == parameter.ParameterType;

    private static bool Settable(MemberInfo member) => member switch
    {
        PropertyInfo p => p.SetMethod is { IsPublic: true },
        FieldInfo f => !f.IsInitOnly,
        _ => false,
    };

    internal static Type MemberType(MemberInfo member) => member switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => throw new ArgumentOutOfRangeException(nameof(member)),
    };

    internal abstract record LayoutNode(Type Type);

    internal sealed record ScalarNode(int Leaf, Type Type) : LayoutNode(Type);

    /// <param name="Type">The member's declared type (possibly <c>Nullable&lt;S&gt;</c>).</param>
    /// <param name="ObjectType">The type constructed (S for <c>Nullable&lt;S&gt;</c>).</param>
    internal sealed record CompositeNode(Type Type, Type ObjectType, IReadOnlyList<LayoutMember> Members, ConstructorInfo? Constructor, int[] LeafIndices) : LayoutNode(Type);

    internal sealed record LayoutMember(MemberInfo Member, LayoutNode Node);
}
