using System.Globalization;
using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

/// <summary>Random batches spanning several validity words, checked row by row against reference computations.</summary>
public class WideBatchTests
{
    private const int Rows = 1025;

    [Fact]
    public void Random_decimal_arithmetic_matches_system_decimal_with_nulls()
    {
        var rnd = new Random(42);
        var t1 = DataType.Decimal(9, 3);
        var t2 = DataType.Decimal(8, 4);
        decimal? Next(int scale) => rnd.Next(10) == 0 ? null : Math.Round((decimal)((rnd.NextDouble() - 0.5) * 20000), scale);
        var a = Enumerable.Range(0, Rows).Select(_ => Next(3)).ToArray();
        var b = Enumerable.Range(0, Rows).Select(i => i % 50 == 0 ? 0m : Next(4)).ToArray();
        var batch = Batch(Vec(t1, a.Cast<object?>().ToArray()), Vec(t2, b.Cast<object?>().ToArray()));
        foreach (var op in new[] { BinaryOp.Add, BinaryOp.Subtract, BinaryOp.Multiply, BinaryOp.Divide, BinaryOp.Modulo })
        {
            var type = TypeCoercion.DecimalResult(op, t1, t2);
            var r = Eval(Bin(op, Col(0, t1), Col(1, t2), type), batch);
            for (var i = 0; i < Rows; i++)
            {
                decimal? expected = a[i] is not { } x || b[i] is not { } y || (y == 0 && op is BinaryOp.Divide or BinaryOp.Modulo)
                    ? null
                    : Math.Round(op switch
                    {
                        BinaryOp.Add => x + y,
                        BinaryOp.Subtract => x - y,
                        BinaryOp.Multiply => x * y,
                        BinaryOp.Divide => x / y,
                        _ => x % y,
                    }, type.Scale, MidpointRounding.AwayFromZero);
                Assert.True(expected == (decimal?)r[i], $"{op} row {i}: {a[i]} and {b[i]} gave {r[i]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Random_string_to_int_casts_null_invalid_rows_in_every_word()
    {
        var rnd = new Random(7);
        var texts = Enumerable.Range(0, Rows).Select(i => (i % 9) switch
        {
            0 => null,
            1 => "x" + i,
            2 => " " + rnd.Next(-1000, 1000) + " ",
            3 => "99999999999",
            _ => rnd.Next().ToString(CultureInfo.InvariantCulture),
        }).ToArray();
        var r = Eval1(c => new CastExpr(c, DataType.Int32), DataType.String, texts.Cast<object?>().ToArray());
        for (var i = 0; i < Rows; i++)
        {
            object? expected = texts[i] is { } t && int.TryParse(t.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
            Assert.Equal(expected, r[i]);
        }
    }

    [Fact]
    public void Division_nulls_and_case_selection_hold_across_words()
    {
        var a = Enumerable.Range(0, Rows).Select(i => i % 11 == 0 ? null : (object?)(double)i).ToArray();
        var b = Enumerable.Range(0, Rows).Select(i => (object?)(double)(i % 5)).ToArray();
        var batch = Batch(Vec(DataType.Float64, a), Vec(DataType.Float64, b));
        var x = Col(0, DataType.Float64);
        var y = Col(1, DataType.Float64);
        var div = Eval(Bin(BinaryOp.Divide, x, y, DataType.Float64), batch);
        var kase = Eval(new CaseExpr([Bin(BinaryOp.GreaterThan, y, Lit(2.0)), x, Bin(BinaryOp.Equal, y, Lit(0.0)), Lit(-1.0)], HasElse: false), batch);
        for (var i = 0; i < Rows; i++)
        {
            var bi = (double)b[i]!;
            Assert.Equal(a[i] is double ai && bi != 0 ? ai / bi : null, div[i]);
            Assert.Equal(bi > 2 ? a[i] : bi == 0 ? -1.0 : null, kase[i]);
        }
    }
}
