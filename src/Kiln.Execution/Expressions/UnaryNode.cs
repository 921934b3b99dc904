using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>NOT (NULL stays NULL), IS [NOT] NULL (never NULL) and unary minus (integers wrap).</summary>
internal sealed class UnaryNode(UnaryOp op, IPhysicalExpr child, DataType type) : IPhysicalExpr
{
    public DataType Type => type;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var v = child.Evaluate(batch);
        return op switch
        {
            UnaryOp.Not => Not((PrimitiveVector<bool>)v),
            UnaryOp.IsNull => NullTest(v, wantNull: true),
            UnaryOp.IsNotNull => NullTest(v, wantNull: false),
            _ => Negate(v),
        };
    }

    private static ColumnVector Not(PrimitiveVector<bool> v)
    {
        var src = v.Values;
        var result = new bool[src.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = !src[i];
        }

        return VectorFactory.Bools(result, v.Validity);
    }

    private static ColumnVector NullTest(ColumnVector v, bool wantNull)
    {
        var n = v.Length;
        var result = new bool[n];
        if (v.Validity is not { } validity)
        {
            if (!wantNull)
            {
                Array.Fill(result, true);
            }

            return VectorFactory.Bools(result, null);
        }

        for (var w = 0; w < ValidityBitmap.WordCount(n); w++)
        {
            var start = w << 6;
            var word = validity.Words[w];
            Bits.Unpack(wantNull ? ~word : word, result.AsSpan(start, Math.Min(64, n - start)));
        }

        return VectorFactory.Bools(result, null);
    }

    private ColumnVector Negate(ColumnVector v)
    {
        switch (v)
        {
            case PrimitiveVector<int> x:
                {
                    var r = new int[x.Length];
                    var s = x.Values;
                    for (var i = 0; i < r.Length; i++)
                    {
                        r[i] = unchecked(-s[i]);
                    }

                    return new PrimitiveVector<int>(type, r, x.Validity);
                }

            case PrimitiveVector<long> x:
                {
                    var r = new long[x.Length];
                    var s = x.Values;
                    for (var i = 0; i < r.Length; i++)
                    {
                        r[i] = unchecked(-s[i]);
                    }

                    return new PrimitiveVector<long>(type, r, x.Validity);
                }

            case PrimitiveVector<double> x:
                {
                    var r = new double[x.Length];
                    var s = x.Values;
                    for (var i = 0; i < r.Length; i++)
                    {
                        r[i] = -s[i];
                    }

                    return new PrimitiveVector<double>(type, r, x.Validity);
                }

            case PrimitiveVector<Int128> x:
                {
                    var r = new Int128[x.Length];
                    var s = x.Values;
                    for (var i = 0; i < r.Length; i++)
                    {
                        r[i] = -s[i];
                    }

                    return new PrimitiveVector<Int128>(type, r, x.Validity);
                }

            default:
                return v;
        }
    }
}
