using System.Text;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Serialization;

/// <summary>
/// Writes expressions (and, through the execution layer, physical plan fragments) in Kiln's compact binary
/// plan format: a tag byte per node followed by its fields. <see cref="PlanReader"/> reads it back.
/// A task receives its plan as these bytes, locally exactly as it will over the network.
/// </summary>
public sealed class PlanWriter : IDisposable
{
    public PlanWriter(Stream stream) => Writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);

    public BinaryWriter Writer { get; }

    public void Dispose() => Writer.Dispose();

    public void Write(string value) => Writer.Write(value);

    public void Write(int value) => Writer.Write(value);

    public void Write(long value) => Writer.Write(value);

    public void Write(bool value) => Writer.Write(value);

    public void WriteOptional(string? value)
    {
        Writer.Write(value is not null);
        if (value is not null)
        {
            Writer.Write(value);
        }
    }

    public void Write(DataType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Writer.Write((byte)type.Id);
        Writer.Write((byte)type.Precision);
        Writer.Write((byte)type.Scale);
    }

    public void Write(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Writer.Write(schema.Count);
        foreach (var f in schema.Fields)
        {
            Writer.Write(f.Name);
            Write(f.Type);
            Writer.Write(f.Nullable);
        }
    }

    public void WriteList<T>(IReadOnlyList<T> items, Action<T> write)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(write);
        Writer.Write(items.Count);
        foreach (var item in items)
        {
            write(item);
        }
    }

    public void Write(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        Writer.Write(map.Count);
        foreach (var (k, v) in map)
        {
            Writer.Write(k);
            Writer.Write(v);
        }
    }

    public void WriteOptional(Expr? expr)
    {
        Writer.Write(expr is not null);
        if (expr is not null)
        {
            Write(expr);
        }
    }

    public void Write(SortOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Write(order.Expr);
        Writer.Write(order.Ascending);
        Writer.Write(order.NullsFirst);
    }

    public void Write(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        switch (expr)
        {
            case BoundRef b:
                Writer.Write((byte)ExprTag.BoundRef);
                Writer.Write(b.Ordinal);
                Write(b.DataType);
                Writer.Write(b.IsNullable);
                Writer.Write(b.Name);
                break;
            case AttributeRef a:
                Writer.Write((byte)ExprTag.AttributeRef);
                Writer.Write(a.Name);
                Writer.Write(a.Id);
                Write(a.DataType);
                Writer.Write(a.IsNullable);
                WriteOptional(a.Qualifier);
                break;
            case Literal l:
                Writer.Write((byte)ExprTag.Literal);
                WriteLiteral(l);
                break;
            case BinaryExpr b:
                Writer.Write((byte)ExprTag.Binary);
                Writer.Write((byte)b.Op);
                Write(b.Left);
                Write(b.Right);
                Write(b.Type);
                break;
            case UnaryExpr u:
                Writer.Write((byte)ExprTag.Unary);
                Writer.Write((byte)u.Op);
                Write(u.Child);
                break;
            case CaseExpr c:
                Writer.Write((byte)ExprTag.Case);
                Writer.Write(c.HasElse);
                WriteList(c.Parts, Write);
                break;
            case CastExpr c:
                Writer.Write((byte)ExprTag.Cast);
                Write(c.Child);
                Write(c.To);
                break;
            case InExpr i:
                Writer.Write((byte)ExprTag.In);
                Writer.Write(i.Negated);
                Write(i.Value);
                WriteList(i.List, Write);
                break;
            case LikeExpr l:
                Writer.Write((byte)ExprTag.Like);
                Writer.Write(l.Negated);
                Write(l.Value);
                Write(l.Pattern);
                break;
            case FunctionCall f:
                Writer.Write((byte)ExprTag.Function);
                Writer.Write(f.Name);
                Write(f.Type);
                WriteList(f.Args, Write);
                break;
            case AggregateExpr a:
                Writer.Write((byte)ExprTag.Aggregate);
                Writer.Write((byte)a.Function);
                Writer.Write(a.Distinct);
                WriteOptional(a.Argument);
                break;
            case Alias a:
                Writer.Write((byte)ExprTag.Alias);
                Writer.Write(a.Name);
                Writer.Write(a.Id);
                Write(a.Child);
                break;
            case UserCode.UserFunctionCall u:
                Writer.Write((byte)ExprTag.UserFunction);
                UserCode.UserCodeFormat.Write(this, u);
                break;
            default:
                throw new NotSupportedException($"expression '{expr}' ({expr.GetType().Name}) cannot be sent to a task; it must be resolved first");
        }
    }

    private void WriteLiteral(Literal l)
    {
        Write(l.DataType);
        Writer.Write(l.Value is not null);
        switch (l.Value)
        {
            case null:
                break;
            case bool b:
                Writer.Write(b);
                break;
            case int i:
                Writer.Write(i);
                break;
            case long n:
                Writer.Write(n);
                break;
            case double d:
                Writer.Write(d);
                break;
            case Int128 m:
                Writer.Write((ulong)(m & ulong.MaxValue));
                Writer.Write((ulong)(m >> 64));
                break;
            case string s:
                Writer.Write(s);
                break;
            default:
                throw new NotSupportedException($"literal value of type {l.Value.GetType().Name}");
        }
    }
}
