using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// year, month, day (of a date), date_add, date_sub (days, wrapping like Spark's int arithmetic) and
/// datediff(end, start). Calendar fields come from <see cref="CivilDate"/>, without <see cref="DateTime"/>.
/// </summary>
internal sealed class DateFunctionNode(string name, IPhysicalExpr[] args, DataType type) : IPhysicalExpr
{
    public DataType Type => type;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var a = (PrimitiveVector<int>)args[0].Evaluate(batch);
        var b = args.Length > 1 ? (PrimitiveVector<int>)args[1].Evaluate(batch) : null;
        var x = a.Values;
        var result = new int[x.Length];
        switch (name)
        {
            case "year":
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = CivilDate.FromDays(x[i]).Year;
                }

                break;
            case "month":
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = CivilDate.FromDays(x[i]).Month;
                }

                break;
            case "day":
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = CivilDate.FromDays(x[i]).Day;
                }

                break;
            case "date_add":
                NumericKernels.Run<int, AddOp<int>>(x, b!.Values, result);
                break;
            default:
                NumericKernels.Run<int, SubtractOp<int>>(x, b!.Values, result);
                break;
        }

        return new PrimitiveVector<int>(type, result, ValidityBitmap.And(a.Validity, b?.Validity));
    }
}
