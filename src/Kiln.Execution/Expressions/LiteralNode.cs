using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// A constant. Parent nodes look for it at compile time to run column-op-scalar kernels; evaluated on its own it
/// materialises a vector, cached for the last batch length.
/// </summary>
internal sealed class LiteralNode : IPhysicalExpr
{
    private ColumnVector? _cached;

    public LiteralNode(object? value, DataType type)
    {
        Value = value;
        Type = type;
        Utf8 = value is string s ? Encoding.UTF8.GetBytes(s) : [];
    }

    public DataType Type { get; }

    /// <summary>The physical value, or null for NULL.</summary>
    public object? Value { get; }

    public bool IsNull => Value is null;

    /// <summary>The UTF-8 bytes of a string literal.</summary>
    public byte[] Utf8 { get; }

    public T Get<T>() => (T)Value!;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var cached = _cached;
        if (cached is not null && cached.Length == batch.RowCount)
        {
            return cached;
        }

        cached = Materialise(batch.RowCount);
        _cached = cached;
        return cached;
    }

    private ColumnVector Materialise(int n)
    {
        if (Value is null)
        {
            return VectorFactory.AllNull(Type, n);
        }

        return Value switch
        {
            bool b => VectorFactory.Filled(Type, b, n),
            int i => VectorFactory.Filled(Type, i, n),
            long l => VectorFactory.Filled(Type, l, n),
            double d => VectorFactory.Filled(Type, d, n),
            Int128 m => VectorFactory.Filled(Type, m, n),
            _ => VectorFactory.FilledString(Utf8, n),
        };
    }
}
