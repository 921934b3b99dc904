using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Converts between rows of columns and objects of <typeparamref name="T"/> following its <see cref="ObjectLayout"/>:
/// <see cref="Read"/> rebuilds an object from one row, <see cref="Write"/> appends an object's members to column
/// builders. Each is compiled on first use, once per (type, column types) per process, into typed code (no boxing per value).
/// </summary>
/// <remarks>Stateless after construction; one instance may be shared by all tasks of an executor.</remarks>
public sealed class ObjectCodec<T>
{
    private static readonly ConcurrentDictionary<string, ObjectCodec<T>> Cache = new();

    private readonly Lazy<Func<IReadOnlyList<ColumnVector>, int, int, T>> _read;
    private readonly Lazy<Action<T, VectorBuilder[], int>> _write;

    private ObjectCodec(IReadOnlyList<DataType> columnTypes)
    {
        Layout = ObjectLayout.For(typeof(T));
        ColumnTypes = columnTypes;
        if (columnTypes.Count != Layout.Leaves.Count)
        {
            throw new DatasetTypeException(typeof(T), $"{ClrTypes.Name(typeof(T))} has {Layout.Leaves.Count} columns but the data has {columnTypes.Count}");
        }

        _read = new(() => CodecCompiler.CompileReader<T>(Layout, columnTypes));
        _write = new(() => CodecCompiler.CompileWriter<T>(Layout, columnTypes));
    }

    public ObjectLayout Layout { get; }

    public IReadOnlyList<DataType> ColumnTypes { get; }

    /// <summary>The codec for columns of the layout's default types.</summary>
    public static ObjectCodec<T> Default => For(ObjectLayout.For(typeof(T)).Leaves.Select(l => l.DataType).ToArray());

    /// <summary>The codec for columns of the given types (one per layout leaf, in order).</summary>
    public static ObjectCodec<T> For(IReadOnlyList<DataType> columnTypes)
    {
        ArgumentNullException.ThrowIfNull(columnTypes);
        return Cache.GetOrAdd(string.Join(",", columnTypes), _ => new ObjectCodec<T>(columnTypes));
    }

    /// <summary>The object in row <paramref name="row"/> of the columns starting at <paramref name="offset"/>.</summary>
    public T Read(IReadOnlyList<ColumnVector> columns, int offset, int row) => _read.Value(columns, offset, row);

    /// <summary>Appends <paramref name="value"/> to the builders starting at <paramref name="offset"/>.</summary>
    public void Write(T value, VectorBuilder[] builders, int offset) => _write.Value(value, builders, offset);

    /// <summary>Checks that every column can be read into its member (throws <see cref="DatasetTypeException"/> otherwise).</summary>
    public void EnsureReadable() => _ = _read.Value;

    /// <summary>Checks that every member can be stored in its column (throws <see cref="DatasetTypeException"/> otherwise).</summary>
    public void EnsureWritable() => _ = _write.Value;

    /// <summary>New builders for one batch of these columns.</summary>
    public VectorBuilder[] NewBuilders(int capacity) => ColumnTypes.Select(t => VectorBuilder.Create(t, capacity)).ToArray();
}

/// <summary>Builds the expression trees behind <see cref="ObjectCodec{T}"/>.</summary>
internal static class CodecCompiler
{
    private static readonly PropertyInfo ListItem = typeof(IReadOnlyList<ColumnVector>).GetProperty("Item")!;
    private static readonly MethodInfo AllNullMethod = typeof(CodecCompiler).GetMethod(nameof(AllNull), BindingFlags.Static | BindingFlags.NonPublic)!;
    private static readonly MethodInfo AppendNullsMethod = typeof(CodecCompiler).GetMethod(nameof(AppendNulls), BindingFlags.Static | BindingFlags.NonPublic)!;
    private static readonly MethodInfo NullTopLevelMethod = typeof(CodecCompiler).GetMethod(nameof(NullTopLevel), BindingFlags.Static | BindingFlags.NonPublic)!;

    public static Func<IReadOnlyList<ColumnVector>, int, int, T> CompileReader<T>(ObjectLayout layout, IReadOnlyList<DataType> types)
    {
        var columns = Expression.Parameter(typeof(IReadOnlyList<ColumnVector>), "columns");
        var offset = Expression.Parameter(typeof(int), "offset");
        var row = Expression.Parameter(typeof(int), "row");
        var body = Read(layout, layout.Root, types, columns, offset, row, topLevel: true);
        return Expression.Lambda<Func<IReadOnlyList<ColumnVector>, int, int, T>>(body, columns, offset, row).Compile();
    }

    public static Action<T, VectorBuilder[], int> CompileWriter<T>(ObjectLayout layout, IReadOnlyList<DataType> types)
    {
        var value = Expression.Parameter(typeof(T), "value");
        var builders = Expression.Parameter(typeof(VectorBuilder[]), "builders");
        var offset = Expression.Parameter(typeof(int), "offset");
        var body = Write(layout, layout.Root, types, value, builders, offset, topLevel: true);
        return Expression.Lambda<Action<T, VectorBuilder[], int>>(body, value, builders, offset).Compile();
    }

    private static Expression Read(ObjectLayout layout, ObjectLayout.LayoutNode node, IReadOnlyList<DataType> types, ParameterExpression columns, ParameterExpression offset, ParameterExpression row, bool topLevel)
    {
        switch (node)
        {
            case ObjectLayout.ScalarNode s:
                {
                    var leaf = layout.Leaves[s.Leaf];
                    var reader = LeafReader.TryCreate(s.Type, types[s.Leaf], $"{ClrTypes.Name(layout.Type)}.{leaf.MemberPath}")
                        ?? throw new DatasetTypeException(layout.Type, $"column '{leaf.Name}' is {types[s.Leaf]}, which cannot be read as {ClrTypes.Name(s.Type)} ({ClrTypes.Name(layout.Type)}.{leaf.MemberPath})");
                    var column = Expression.Property(columns, ListItem, Expression.Add(offset, Expression.Constant(s.Leaf)));
                    return Expression.Call(Expression.Constant(reader), reader.GetType().GetMethod("Read")!, column, row);
                }

            case ObjectLayout.CompositeNode c:
                {
                    var values = c.Members.Select(m => Read(layout, m.Node, types, columns, offset, row, topLevel: false)).ToList();
                    Expression construct;
                    var byConstructor = c.Constructor?.GetParameters().Length ?? 0;
                    if (c.Constructor is not null)
                    {
                        var created = Expression.New(c.Constructor, values.Take(byConstructor));
                        var rest = c.Members.Skip(byConstructor).Select((m, i) => (MemberBinding)Expression.Bind(m.Member, values[byConstructor + i])).ToList();
                        construct = rest.Count == 0 ? created : Expression.MemberInit(created, rest);
                    }
                    else
                    {
                        construct = Expression.MemberInit(Expression.New(c.ObjectType), c.Members.Select((m, i) => (MemberBinding)Expression.Bind(m.Member, values[i])));
                    }

                    if (c.Type != c.ObjectType)
                    {
                        construct = Expression.Convert(construct, c.Type);
                    }

                    if (topLevel || !ClrTypes.CanBeNull(c.Type))
                    {
                        return construct;
                    }

                    var allNull = Expression.Call(AllNullMethod, columns, offset, Expression.Constant(c.LeafIndices), row);
                    return Expression.Condition(allNull, Expression.Default(c.Type), construct);
                }

            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    private static Expression Write(ObjectLayout layout, ObjectLayout.LayoutNode node, IReadOnlyList<DataType> types, Expression value, ParameterExpression builders, ParameterExpression offset, bool topLevel)
    {
        switch (node)
        {
            case ObjectLayout.ScalarNode s:
                {
                    var leaf = layout.Leaves[s.Leaf];
                    var writer = LeafWriter.TryCreate(s.Type, types[s.Leaf], $"{ClrTypes.Name(layout.Type)}.{leaf.MemberPath}")
                        ?? throw new DatasetTypeException(layout.Type, $"{ClrTypes.Name(s.Type)} ({ClrTypes.Name(layout.Type)}.{leaf.MemberPath}) cannot be stored in a {types[s.Leaf]} column");
                    var builder = Expression.ArrayIndex(builders, Expression.Add(offset, Expression.Constant(s.Leaf)));
                    return Expression.Call(Expression.Constant(writer), writer.GetType().GetMethod("Write")!, builder, value);
                }

            case ObjectLayout.CompositeNode c:
                {
                    var holder = Expression.Variable(c.Type, "o");
                    var target = c.Type == c.ObjectType ? (Expression)holder : Expression.Property(holder, "Value");
                    var members = c.Members.Select(m => Write(layout, m.Node, types, Expression.MakeMemberAccess(target, m.Member), builders, offset, topLevel: false)).ToList();
                    Expression body = members.Count == 1 ? members[0] : Expression.Block(members);
                    if (ClrTypes.CanBeNull(c.Type))
                    {
                        var isNull = c.Type == c.ObjectType
                            ? (Expression)Expression.ReferenceEqual(holder, Expression.Constant(null, c.Type))
                            : Expression.Not(Expression.Property(holder, "HasValue"));
                        var whenNull = topLevel
                            ? Expression.Call(NullTopLevelMethod, Expression.Constant(c.Type))
                            : (Expression)Expression.Call(AppendNullsMethod, builders, offset, Expression.Constant(c.LeafIndices));
                        body = Expression.IfThenElse(isNull, whenNull, body);
                    }

                    return Expression.Block([holder], Expression.Assign(holder, value), body);
                }

            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    private static bool AllNull(IReadOnlyList<ColumnVector> columns, int offset, int[] leaves, int row)
    {
        foreach (var l in leaves)
        {
            if (!columns[offset + l].IsNull(row))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendNulls(VectorBuilder[] builders, int offset, int[] leaves)
    {
        foreach (var l in leaves)
        {
            builders[offset + l].AppendNull();
        }
    }

    private static void NullTopLevel(Type type) =>
        throw new InvalidOperationException($"a Dataset row cannot be a null {ClrTypes.Name(type)}; filter nulls out or wrap the value in a record");
}
