using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class LikeTests
{
    private static bool? Like(string? value, string pattern, bool negated = false) =>
        (bool?)Eval1(c => new LikeExpr(c, Lit(pattern), negated), DataType.String, value)[0];

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "ab", false)]
    [InlineData("abcdef", "abc%", true)]
    [InlineData("xabc", "abc%", false)]
    [InlineData("xxabc", "%abc", true)]
    [InlineData("abcx", "%abc", false)]
    [InlineData("xxabcxx", "%abc%", true)]
    [InlineData("xxabxcxx", "%abc%", false)]
    [InlineData("", "%", true)]
    [InlineData("", "", true)]
    [InlineData("a", "", false)]
    [InlineData("abc", "a_c", true)]
    [InlineData("abbc", "a_c", false)]
    [InlineData("aXbYc", "a%b%c", true)]
    [InlineData("aXbY", "a%b%c", false)]
    [InlineData("mississippi", "%iss%ppi", true)]
    [InlineData("mississippi", "m%ss%ss%", true)]
    [InlineData("mississippi", "m%ss%ss%ss%", false)]
    [InlineData("abc", "___", true)]
    [InlineData("abc", "____", false)]
    [InlineData("abc", "%%%c", true)]
    [InlineData("100%", "100\\%", true)]
    [InlineData("1000", "100\\%", false)]
    [InlineData("a_c", "a\\_c", true)]
    [InlineData("abc", "a\\_c", false)]
    [InlineData("a\\c", "a\\\\c", true)]
    [InlineData("Abc", "abc", false)]
    public void Ascii_patterns(string value, string pattern, bool expected) => Assert.Equal(expected, Like(value, pattern));

    [Theory]
    [InlineData("日本語", "日_語", true)]
    [InlineData("日本語", "__語", true)]
    [InlineData("日本語", "___", true)]
    [InlineData("日本語", "____", false)]
    [InlineData("😀x", "_x", true)]
    [InlineData("é", "_", true)]
    [InlineData("naïve café", "%ï%é", true)]
    [InlineData("naïve café", "na_ve%", true)]
    [InlineData("naïve", "na__ve", false)]
    public void Underscore_matches_one_character_not_one_byte(string value, string pattern, bool expected) =>
        Assert.Equal(expected, Like(value, pattern));

    [Fact]
    public void Null_values_give_null_and_not_like_negates()
    {
        Assert.Null(Like(null, "%"));
        Assert.Equal(false, Like("abc", "a%", negated: true));
        Assert.Equal(true, Like("xbc", "a%", negated: true));
        Assert.Null(Like(null, "a%", negated: true));
    }

    [Fact]
    public void Null_pattern_gives_null()
    {
        var r = Eval1(c => new LikeExpr(c, Null(DataType.String)), DataType.String, "a", "b");
        Assert.Equal(new object?[] { null, null }, r);
    }
}
