using Kiln.Kubernetes.Http;

namespace Kiln.Kubernetes.Tests;

public sealed class RequestInfoParserTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/spark/pods", "list", "", "pods", null, "spark", null)]
    [InlineData("GET", "/api/v1/namespaces/spark/pods?watch=true&resourceVersion=5", "watch", "", "pods", null, "spark", null)]
    [InlineData("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dn1&watch=1", "watch", "", "pods", null, null, null)]
    [InlineData("GET", "/api/v1/watch/namespaces/spark/pods", "watch", "", "pods", null, "spark", null)]
    [InlineData("GET", "/api/v1/namespaces/spark/pods/driver", "get", "", "pods", null, "spark", "driver")]
    [InlineData("GET", "/api/v1/namespaces/spark/pods/driver/log?follow=true", "get", "", "pods", "log", "spark", "driver")]
    [InlineData("POST", "/api/v1/namespaces/spark/pods", "create", "", "pods", null, "spark", null)]
    [InlineData("PUT", "/api/v1/namespaces/spark/configmaps/c", "update", "", "configmaps", null, "spark", "c")]
    [InlineData("PATCH", "/api/v1/namespaces/spark/pods/p/status", "patch", "", "pods", "status", "spark", "p")]
    [InlineData("DELETE", "/api/v1/namespaces/spark/pods/p", "delete", "", "pods", null, "spark", "p")]
    [InlineData("DELETE", "/api/v1/namespaces/spark/pods", "deletecollection", "", "pods", null, "spark", null)]
    [InlineData("GET", "/api/v1/nodes", "list", "", "nodes", null, null, null)]
    [InlineData("PATCH", "/api/v1/nodes/n1/status", "patch", "", "nodes", "status", null, "n1")]
    [InlineData("GET", "/api/v1/namespaces/spark", "get", "", "namespaces", null, "spark", "spark")]
    [InlineData("PUT", "/api/v1/namespaces/spark/finalize", "update", "", "namespaces", "finalize", "spark", "spark")]
    [InlineData("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/spark/roles", "create", "rbac.authorization.k8s.io", "roles", null, "spark", null)]
    [InlineData("GET", "/apis/kiln.dev/v1/namespaces/spark/widgets/w1/status", "get", "kiln.dev", "widgets", "status", "spark", "w1")]
    [InlineData("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.kiln.dev", "get", "apiextensions.k8s.io", "customresourcedefinitions", null, null, "widgets.kiln.dev")]
    public void Reads_verb_group_resource_subresource_namespace_and_name_from_method_and_url(
        string method, string path, string verb, string group, string resource, string? subresource, string? ns, string? name)
    {
        var info = RequestInfoParser.Parse(new HttpMethod(method), new Uri("https://api.example:6443" + path));
        Assert.Equal(new KubernetesRequestInfo(verb, group, resource, subresource, ns, name), info);
    }

    [Fact]
    public void A_non_resource_url_names_its_path()
    {
        var info = RequestInfoParser.Parse(HttpMethod.Get, new Uri("https://api.example/healthz"));
        Assert.Equal("get", info.Verb);
        Assert.Equal("/healthz", info.Resource);
        Assert.Null(info.Namespace);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/a/pods?watch=true", true)]
    [InlineData("/api/v1/namespaces/a/pods/p/log?follow=true&container=c", true)]
    [InlineData("/api/v1/watch/pods", true)]
    [InlineData("/api/v1/namespaces/a/pods?watch=false", false)]
    [InlineData("/api/v1/namespaces/a/pods/p/log", false)]
    public void Watches_and_followed_logs_are_streaming(string path, bool streaming) =>
        Assert.Equal(streaming, RequestInfoParser.IsStreaming(new Uri("https://api.example" + path)));
}
