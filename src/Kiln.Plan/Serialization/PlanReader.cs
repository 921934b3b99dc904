using System.Text;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Serialization;

/// <summary>Reads what <see cref="PlanWriter"/> wrote.</summary>
public sealed class PlanReader : IDisposable
{
    public PlanReader(Stream stream) => Reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);

    public BinaryReader Reader { get; }

    public void Dispose() => Reader.Dispose();

    public string ReadString() => Reader.ReadString();

    public int ReadInt() => Reader.ReadInt32();

    public long ReadLong() => Reader.ReadInt64();

    public bool ReadBool() => Reader.ReadBoolean();

    public string? ReadOptionalString() => Reader.ReadBoolean() ? Reader.ReadString() : null;

    public DataType ReadType()
    {
        var id = (TypeId)Reader.ReadByte();
        var p = Reader.ReadByte();
        var s = Reader.ReadByte();
        return DataType.FromId(id, p, s);
    }

    public Schema ReadSchema()
    {
        var n = Reader.ReadInt32();
        var fields = new Field[n];
        for (var i = 0; i < n; i++)
        {
            var name = Reader.ReadString();
            var type = ReadType();
            fields[i] = new Field(name, type, Reader.ReadBoolean());
        }

        return new Schema(fields);
    }

    public IReadOnlyList<T> ReadList<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var n = Reader.ReadInt32();
        var items = new T[n];
        for (var i = 0; i < n; i++)
        {
            items[i] = read();
        }

        return items;
    }

    public IReadOnlyDictionary<string, string> ReadMap()
    {
        var n = Reader.ReadInt32();
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < n; i++)
        {
            var k = Reader.ReadString();
            map[k] = Reader.ReadString();
        }

        return map;
    }

    public Expr? ReadOptionalExpr() => Reader.ReadBoolean() ? ReadExpr() : null;

    public SortOrder ReadSortOrder()
    {
        var e = ReadExpr();
        var asc = Reader.ReadBoolean();
        return new SortOrder(e, asc, Reader.ReadBoolean());
    }

    public Expr ReadExpr()
    {
        var tag = (ExprTag)Reader.ReadByte();
        switch (tag)
        {
            case ExprTag.BoundRef:
                {
                    var ordinal = Reader.ReadInt32();
                    var type = ReadType();
                    var nullable = Reader.ReadBoolean();
                    return new BoundRef(ordinal, type, nullable, Reader.ReadString());
                }

            case ExprTag.AttributeRef:
                {
                    var name = Reader.ReadString();
                    var id = Reader.ReadInt64();
                    var type = ReadType();
                    var nullable = Reader.ReadBoolean();
                    return new AttributeRef(name, id, type, nullable, ReadOptionalString());
                }

            case ExprTag.Literal:
                return ReadLiteral();
            case ExprTag.Binary:
                {
                    var op = (BinaryOp)Reader.ReadByte();
                    var left = ReadExpr();
                    var right = ReadExpr();
                    return new BinaryExpr(op, left, right, ReadType());
                }

            case ExprTag.Unary:
                {
                    var op = (UnaryOp)Reader.ReadByte();
                    return new UnaryExpr(op, ReadExpr());
                }

            case ExprTag.Case:
                {
                    var hasElse = Reader.ReadBoolean();
                    return new CaseExpr(ReadList(ReadExpr), hasElse);
                }

            case ExprTag.Cast:
                {
                    var child = ReadExpr();
                    return new CastExpr(child, ReadType());
                }

            case ExprTag.In:
                {
                    var negated = Reader.ReadBoolean();
                    var value = ReadExpr();
                    return new InExpr(value, ReadList(ReadExpr), negated);
                }

            case ExprTag.Like:
                {
                    var negated = Reader.ReadBoolean();
                    var value = ReadExpr();
                    return new LikeExpr(value, ReadExpr(), negated);
                }

            case ExprTag.Function:
                {
                    var name = Reader.ReadString();
                    var type = ReadType();
                    return new FunctionCall(name, ReadList(ReadExpr), type);
                }

            case ExprTag.Aggregate:
                {
                    var function = (AggregateFunction)Reader.ReadByte();
                    var distinct = Reader.ReadBoolean();
                    return new AggregateExpr(function, ReadOptionalExpr(), distinct);
                }

            case ExprTag.Alias:
                {
                    var name = Reader.ReadString();
                    var id = Reader.ReadInt64();
                    return new Alias(ReadExpr(), name, id);
                }

            case ExprTag.UserFunction:
                return UserCode.UserCodeFormat.ReadCall(this);
            default:
                throw new InvalidDataException($"corrupt plan: unknown expression tag {(byte)tag}");
        }
    }

    private Literal ReadLiteral()
    {
        var type = ReadType();
        if (!Reader.ReadBoolean())
        {
            return new Literal(null, type);
        }

        object value = type.Id switch
        {
            TypeId.Boolean => Reader.ReadBoolean(),
            TypeId.Int32 or TypeId.Date => Reader.ReadInt32(),
            TypeId.Int64 or TypeId.Timestamp => Reader.ReadInt64(),
            TypeId.Float64 => Reader.ReadDouble(),
            TypeId.Decimal => ReadInt128(),
            TypeId.String => Reader.ReadString(),
            _ => throw new InvalidDataException($"corrupt plan: literal of type {type}"),
        };
        return new Literal(value, type);
    }

    private Int128 ReadInt128()
    {
        var lo = Reader.ReadUInt64();
        var hi = Reader.ReadUInt64();
        return (Int128)(((UInt128)hi << 64) | lo);
    }
}
