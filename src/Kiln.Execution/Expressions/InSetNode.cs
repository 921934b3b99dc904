using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// <c>value [NOT] IN (literals)</c> for fixed-width values, by hash lookup: TRUE on a match; otherwise NULL when the
/// value or any list item is NULL; otherwise FALSE. NOT IN negates the known rows. Doubles compare as Spark does
/// (NaN matches NaN, -0.0 matches 0.0).
/// </summary>
internal sealed class InSetNode<T> : IPhysicalExpr
    where T : unmanaged
{
    private readonly IPhysicalExpr _value;
    private readonly HashSet<T> _items;
    private readonly bool _listHasNull;
    private readonly bool _negated;

    public InSetNode(IPhysicalExpr value, IEnumerable<T> items, bool listHasNull, bool negated)
    {
        _value = value;
        _items = new HashSet<T>(items.Select(Normalize));
        _listHasNull = listHasNull;
        _negated = negated;
    }

    public DataType Type => DataType.Boolean;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var v = (PrimitiveVector<T>)_value.Evaluate(batch);
        var src = v.Values;
        var n = src.Length;
        var result = new bool[n];
        var unknown = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var found = _items.Contains(Normalize(src[i]));
            unknown[i] = !found && _listHasNull;
            result[i] = found != _negated;
        }

        return VectorFactory.Bools(result, _listHasNull ? Bits.ClearWhere(v.Validity, unknown) : v.Validity);
    }

    private static T Normalize(T x)
    {
        if (typeof(T) == typeof(double))
        {
            var d = (double)(object)x;
            return d == 0 ? default : x;
        }

        return x;
    }
}
