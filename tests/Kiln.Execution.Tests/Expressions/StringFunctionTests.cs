using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class StringFunctionTests
{
    private static object? Substr(string s, int pos, int? len = null)
    {
        var args = len is null ? new Expr[] { Col(0, DataType.String), Lit(pos) } : [Col(0, DataType.String), Lit(pos), Lit(len.Value)];
        return Eval(Fn("substring", DataType.String, args), Batch(Vec(DataType.String, s)))[0];
    }

    [Theory]
    [InlineData("hello", 1, 3, "hel")]
    [InlineData("hello", 0, 3, "hel")]
    [InlineData("hello", 2, null, "ello")]
    [InlineData("hello", -3, null, "llo")]
    [InlineData("hello", -3, 2, "ll")]
    [InlineData("hello", -10, 3, "")]
    [InlineData("hello", -7, 4, "he")]
    [InlineData("hello", 6, 2, "")]
    [InlineData("hello", 10, null, "")]
    [InlineData("hello", 2, -1, "")]
    [InlineData("hello", 2, 100, "ello")]
    [InlineData("héllo wörld", 2, 4, "éllo")]
    [InlineData("日本語テキスト", -3, 2, "キス")]
    [InlineData("😀a😀b", 2, 2, "a😀")]
    [InlineData("", 1, 1, "")]
    public void Substring_follows_spark(string s, int pos, int? len, string expected) => Assert.Equal(expected, Substr(s, pos, len));

    [Fact]
    public void Substring_with_null_arguments_is_null()
    {
        var batch = Batch(Vec(DataType.String, "abc", null, "abc"), Vec(DataType.Int32, 1, 1, null));
        var r = Eval(Fn("substring", DataType.String, Col(0, DataType.String), Col(1, DataType.Int32), Lit(2)), batch);
        Assert.Equal(new object?[] { "ab", null, null }, r);
    }

    [Fact]
    public void Case_mapping_length_and_trims()
    {
        string?[] values = ["Hello", "straße", "ÉCOLE", "", null, "  pad  "];
        var input = values.Cast<object?>().ToArray();
        Assert.Equal(values.Select(v => v?.ToUpperInvariant()).Cast<object?>().ToArray(), Eval1(c => Fn("upper", DataType.String, c), DataType.String, input));
        Assert.Equal(values.Select(v => v?.ToLowerInvariant()).Cast<object?>().ToArray(), Eval1(c => Fn("lower", DataType.String, c), DataType.String, input));
        Assert.Equal(new object?[] { 5, 6, 5, 0, null, 7 }, Eval1(c => Fn("length", DataType.Int32, c), DataType.String, input));
        Assert.Equal(new object?[] { 2 }, Eval1(c => Fn("length", DataType.Int32, c), DataType.String, "😀é"));
        Assert.Equal(new object?[] { "pad", "a \t" }, Eval1(c => Fn("trim", DataType.String, c), DataType.String, "  pad  ", " a \t"));
        Assert.Equal(new object?[] { "pad  " }, Eval1(c => Fn("ltrim", DataType.String, c), DataType.String, "  pad  "));
        Assert.Equal(new object?[] { "  pad" }, Eval1(c => Fn("rtrim", DataType.String, c), DataType.String, "  pad  "));
    }

    [Fact]
    public void Concat_is_null_if_any_argument_is_null()
    {
        var batch = Batch(Vec(DataType.String, "a", null, "日本", ""), Vec(DataType.String, "b", "x", "語", null));
        var r = Eval(Fn("concat", DataType.String, Col(0, DataType.String), Lit("-"), Col(1, DataType.String)), batch);
        Assert.Equal(new object?[] { "a-b", null, "日本-語", null }, r);
    }

    [Fact]
    public void Coalesce_takes_the_first_non_null()
    {
        var batch = Batch(Vec(DataType.String, "a", null, null), Vec(DataType.String, "b", "b", null));
        Assert.Equal(new object?[] { "a", "b", "z" }, Eval(Fn("coalesce", DataType.String, Col(0, DataType.String), Col(1, DataType.String), Lit("z")), batch));
        Assert.Equal(new object?[] { "a", "b", null }, Eval(Fn("coalesce", DataType.String, Col(0, DataType.String), Col(1, DataType.String)), batch));
        var ints = Batch(Vec(DataType.Int32, null, 2));
        Assert.Equal(new object?[] { 0, 2 }, Eval(Fn("coalesce", DataType.Int32, Col(0, DataType.Int32), Lit(0)), ints));
    }
}
