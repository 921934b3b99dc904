using System.Text.Json;
using Kiln.Kubernetes.Http;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.Tests;

public sealed class WireFormatTests
{
    private static readonly KubernetesRequestInfo Watch = new("watch", "", "pods", null, "ns", null);

    [Fact]
    public void Unknown_fields_survive_a_round_trip_and_nulls_are_omitted()
    {
        const string json = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","futureField":{"x":1}},"spec":{"containers":[{"name":"c","image":"i","securityContext":{"runAsUser":7}}],"dnsPolicy":"ClusterFirst"}}""";
        var pod = JsonSerializer.Deserialize<Pod>(json, KubernetesJson.Options)!;
        Assert.Equal("c", pod.Spec!.Containers![0].Name);
        var back = JsonSerializer.Serialize(pod, KubernetesJson.Options);
        Assert.Contains("\"futureField\":{\"x\":1}", back, StringComparison.Ordinal);
        Assert.Contains("\"securityContext\":{\"runAsUser\":7}", back, StringComparison.Ordinal);
        Assert.Contains("\"dnsPolicy\":\"ClusterFirst\"", back, StringComparison.Ordinal);
        Assert.DoesNotContain("null", back, StringComparison.Ordinal);
        Assert.DoesNotContain("status", back, StringComparison.Ordinal);
    }

    [Fact]
    public void Special_wire_forms_are_respected()
    {
        var node = JsonSerializer.Deserialize<NodeStatus>("""{"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}""", KubernetesJson.Options)!;
        Assert.Equal(10250, node.DaemonEndpoints!.KubeletEndpoint!.Port);

        var port = JsonSerializer.Deserialize<ServicePort>("""{"port":80,"targetPort":"http"}""", KubernetesJson.Options)!;
        Assert.Equal("http", port.TargetPort!.StringValue);
        Assert.Equal("""{"port":80,"targetPort":8080}""", JsonSerializer.Serialize(new ServicePort { Port = 80, TargetPort = IntOrString.FromInt(8080) }, KubernetesJson.Options));

        var lease = new LeaseSpec { RenewTime = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567) };
        Assert.Contains("\"renewTime\":\"2024-05-06T07:08:09.123456Z\"", JsonSerializer.Serialize(lease, KubernetesJson.Options), StringComparison.Ordinal);

        var secret = JsonSerializer.Deserialize<Secret>("""{"data":{"k":"aGk="}}""", KubernetesJson.Options)!;
        Assert.Equal("hi", System.Text.Encoding.UTF8.GetString(secret.Data!["k"]));
    }

    [Fact]
    public void Watch_lines_become_typed_events()
    {
        var added = ResourceClient<Pod>.ParseEvent("""{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"p","resourceVersion":"42"}}}""", Watch);
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("42", added.Object!.Metadata.ResourceVersion);

        var bookmark = ResourceClient<Pod>.ParseEvent("""{"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"50"}}}""", Watch);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
    }

    [Fact]
    public void An_error_event_with_410_is_gone()
    {
        var e = Assert.Throws<KubernetesGoneException>(() => ResourceClient<Pod>.ParseEvent(
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (328)","reason":"Expired","code":410}}""",
            Watch));
        Assert.Equal("Expired", e.Reason);
        Assert.Equal("watch", e.Request.Verb);
    }

    [Fact]
    public void Resource_paths_follow_the_api_layout()
    {
        Assert.Equal("/api/v1/namespaces/ns/pods/p/log", KubernetesResources.Pods.Path("ns", "p", "log"));
        Assert.Equal("/api/v1/pods", KubernetesResources.Pods.Path(null));
        Assert.Equal("/api/v1/nodes/n1/status", KubernetesResources.Nodes.Path("ignored", "n1", "status"));
        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", KubernetesResources.Leases.Path("kube-node-lease"));
        Assert.Equal("/apis/kiln.dev/v1/namespaces/a%20b/widgets", KubernetesResources.Custom("kiln.dev", "v1", "widgets", "Widget", true).Path("a b"));
        Assert.Equal("coordination.k8s.io/v1", KubernetesResources.Leases.ApiVersion);
    }

    [Fact]
    public void Query_strings_are_escaped_and_skip_unset_values()
    {
        Assert.Equal("?labelSelector=a%3Db%2Cc%20in%20%28x%29&limit=5&watch=true",
            new QueryBuilder().Add("labelSelector", "a=b,c in (x)").Add("continue", (string?)null).Add("limit", 5).Add("watch", true).Add("follow", false).ToString());
    }

    [Fact]
    public void Patches_carry_their_content_type()
    {
        Assert.Equal("application/merge-patch+json", KubernetesPatch.Merge(new { a = 1 }).ContentType);
        Assert.Equal("application/strategic-merge-patch+json", KubernetesPatch.StrategicMerge(new { a = 1 }).ContentType);
        Assert.Equal("application/json-patch+json", KubernetesPatch.Json([]).ContentType);
        Assert.Equal("""{"metadata":{"labels":{"x":"y"}}}""", KubernetesPatch.Merge(new { metadata = new { labels = new Dictionary<string, string> { ["x"] = "y" } } }).Body);
    }
}
