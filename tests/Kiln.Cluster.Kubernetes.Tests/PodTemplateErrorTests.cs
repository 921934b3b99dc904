namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>A template Kiln cannot use fails before any pod exists, naming the file, the line and the field.</summary>
public sealed class PodTemplateErrorTests
{
    private static PodTemplateException Load(string text)
    {
        using var file = new TempFile("template.yaml", text);
        var error = Assert.Throws<PodTemplateException>(() => TestPods.Build(TestPods.Options(("spark.kubernetes.executor.podTemplateFile", file.Path))));
        Assert.Equal(file.Path, error.File);
        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("kiln.kubernetes.executor.podTemplateFile", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void Text_that_is_not_YAML_names_the_line()
    {
        var error = Load("apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n");

        Assert.Equal(5, error.Line);
        Assert.StartsWith("it is not valid YAML", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_named_by_its_path_and_line()
    {
        var error = Load("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    imagePullPolice: Always\n");

        Assert.Equal(6, error.Line);
        Assert.Equal("spec.containers[0].imagePullPolice", error.Field);
        Assert.StartsWith("spec.containers[0].imagePullPolice is not a field of a Pod", error.Problem, StringComparison.Ordinal);
        Assert.Contains("(line 6)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_shape_names_its_field()
    {
        var error = Load("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: x\n    imagePullPolicy: [not, a, string]\n");

        Assert.Equal(6, error.Line);
        Assert.Equal("spec.containers[0].imagePullPolicy", error.Field);
    }

    [Fact]
    public void A_quantity_that_is_not_one_names_its_field()
    {
        var error = Load("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        cpu: lots\n");

        Assert.Equal(8, error.Line);
        Assert.Equal("spec.containers[0].resources.limits.cpu", error.Field);
        Assert.Contains("lots", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_kind_is_named_as_such_not_as_its_first_unknown_field()
    {
        var error = Load("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n");

        Assert.Equal(("kind", 2L), (error.Field, error.Line));
        Assert.Equal("it is a Deployment, not a Pod", error.Problem);
    }

    [Fact]
    public void A_pod_of_another_api_version_is_refused()
    {
        var error = Load("apiVersion: v2\nkind: Pod\n");

        Assert.Equal(("apiVersion", 1L), (error.Field, error.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void An_empty_file_is_not_a_pod(string text)
    {
        var error = Load(text);

        Assert.Equal("it is empty, not a Pod", error.Problem);
    }

    [Fact]
    public void A_list_is_not_a_pod()
    {
        var error = Load("- apiVersion: v1\n  kind: Pod\n");

        Assert.Equal(1, error.Line);
        Assert.Contains("not a Pod", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_documents_are_refused_at_the_second()
    {
        var error = Load("apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\n");

        Assert.Equal(4, error.Line);
        Assert.Contains("2 documents", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "kiln-no-such-template", "template.yaml");

        var error = Assert.Throws<PodTemplateException>(() => TestPods.Build(TestPods.Options(("spark.kubernetes.executor.podTemplateFile", missing))));

        Assert.Equal(missing, error.File);
        Assert.Null(error.Line);
        Assert.StartsWith("it cannot be read", error.Problem, StringComparison.Ordinal);
    }
}
