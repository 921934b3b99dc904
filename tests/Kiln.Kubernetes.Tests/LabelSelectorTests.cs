namespace Kiln.Kubernetes.Tests;

public sealed class LabelSelectorTests
{
    [Fact]
    public void Builds_equality_set_and_existence_requirements_in_order()
    {
        var selector = LabelSelector.Empty
            .Equal("app", "kiln")
            .NotEqual("role", "driver")
            .In("tier", "a", "b")
            .NotIn("zone", "z1")
            .Exists("kiln.dev/app-id")
            .DoesNotExist("canary");
        Assert.Equal("app=kiln,role!=driver,tier in (a,b),zone notin (z1),kiln.dev/app-id,!canary", selector.ToString());
    }

    [Fact]
    public void From_labels_and_empty()
    {
        Assert.Equal("", LabelSelector.Empty.ToString());
        Assert.Equal("a=1,b=2", LabelSelector.FromLabels(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }).ToString());
        Assert.Equal(LabelSelector.Empty.Equal("a", "1"), LabelSelector.Empty.Equal("a", "1"));
    }

    [Theory]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("Upper.Case.Prefix/name")]
    [InlineData("a/b/c")]
    [InlineData("")]
    public void Invalid_keys_are_refused_with_the_key_named(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => LabelSelector.Empty.Exists(key));
        Assert.Contains($"'{key}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LabelSelector.Empty.Equal("a", new string('x', 64)));
        Assert.Throws<ArgumentException>(() => LabelSelector.Empty.Equal("a", "b,c"));
        Assert.Throws<ArgumentException>(() => LabelSelector.Empty.In("a"));
        Assert.Equal("a=", LabelSelector.Empty.Equal("a", "").ToString());
    }
}
