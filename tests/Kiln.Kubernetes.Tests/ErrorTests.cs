using System.Net;
using k8s.Models;
using Kiln.Kubernetes.Http;

namespace Kiln.Kubernetes.Tests;

public sealed class ErrorTests
{
    private static readonly KubernetesRequestInfo ListPods = new("list", "", "pods", null, "spark", null);

    [Theory]
    [InlineData(403, typeof(KubernetesForbiddenException))]
    [InlineData(404, typeof(KubernetesNotFoundException))]
    [InlineData(409, typeof(KubernetesConflictException))]
    [InlineData(410, typeof(KubernetesGoneException))]
    [InlineData(422, typeof(KubernetesInvalidException))]
    [InlineData(500, typeof(KubernetesApiException))]
    public void Each_status_code_maps_to_its_exception_type(int code, Type expected) =>
        Assert.IsType(expected, KubernetesApiException.Create((HttpStatusCode)code, null, "body", ListPods));

    [Fact]
    public void A_422_carries_the_field_causes_and_names_them_in_the_message()
    {
        var status = KubernetesStatus.TryParse("""
            {"kind":"Status","apiVersion":"v1","status":"Failure","message":"Pod \"x\" is invalid","reason":"Invalid","code":422,
             "details":{"name":"x","kind":"Pod","causes":[
               {"reason":"FieldValueRequired","message":"Required value","field":"spec.containers[0].image"},
               {"reason":"FieldValueInvalid","message":"bad name","field":"metadata.name"}]}}
            """);
        var e = Assert.IsType<KubernetesInvalidException>(KubernetesApiException.Create(HttpStatusCode.UnprocessableEntity, status, null, ListPods));
        Assert.Equal("Invalid", e.Reason);
        Assert.Equal(["spec.containers[0].image", "metadata.name"], e.InvalidFields);
        Assert.Contains("[metadata.name: bad name]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_403_names_verb_resource_namespace_and_the_missing_rule()
    {
        var e = Assert.IsType<KubernetesForbiddenException>(KubernetesApiException.Create(
            HttpStatusCode.Forbidden,
            new V1Status { Reason = "Forbidden", Message = "pods is forbidden", Code = 403 },
            null,
            new KubernetesRequestInfo("get", "", "pods", "log", "spark", "driver")));
        Assert.Equal("get", e.Verb);
        Assert.Equal("pods/log", e.Resource);
        Assert.Equal("spark", e.Namespace);
        Assert.Equal("{apiGroups: [\"\"], resources: [\"pods/log\"], verbs: [\"get\"]}", e.MissingRule);
        Assert.Contains("a Role in namespace 'spark'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_status_body_still_makes_a_useful_error()
    {
        Assert.Null(KubernetesStatus.TryParse("<html>bad gateway</html>"));
        var e = KubernetesApiException.Create(HttpStatusCode.BadGateway, null, "<html>bad gateway</html>", ListPods);
        Assert.Equal("", e.Reason);
        Assert.Empty(e.Causes);
        Assert.Contains("bad gateway", e.Message, StringComparison.Ordinal);
        Assert.Contains("list pods in namespace spark", e.Message, StringComparison.Ordinal);
    }
}
