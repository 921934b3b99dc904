using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class EnvSecretsFeatureStepTests
{
    private static readonly EnvSecretsFeatureStep Step = new();

    [Fact]
    public void Each_variable_is_a_secret_key_reference_without_a_value()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(("spark.kubernetes.executor.secretKeyRef.DB_PASSWORD", "db-creds:password")));

        var variable = pod.Container.Env("DB_PASSWORD");
        Assert.Null(variable.Value);
        Assert.Equal(("db-creds", "password"), (variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key));
    }

    [Theory]
    [InlineData("db-creds")]
    [InlineData(":password")]
    [InlineData("db-creds:")]
    public void A_reference_that_is_not_secret_colon_key_is_refused_with_its_key(string reference)
    {
        var error = Assert.Throws<ConfigException>(() => TestPods.Options(("spark.kubernetes.executor.secretKeyRef.DB_PASSWORD", reference)));

        Assert.Equal("kiln.kubernetes.executor.secretKeyRef.DB_PASSWORD", error.Key);
        Assert.Contains("secret-name:key", error.Message, StringComparison.Ordinal);
    }
}
