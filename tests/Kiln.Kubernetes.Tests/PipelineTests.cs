using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.Tests;

/// <summary>Kiln's handlers in the official client's pipeline, against a scripted peer: every call surfaces typed errors and is retried politely.</summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task A_404_from_an_official_client_call_is_a_typed_not_found_naming_the_request()
    {
        using var server = new StubApiServer(c => StubApiServer.WriteAsync(c, 404, StubApiServer.Status(404, "NotFound", "pods \\\"driver\\\" not found")));
        using var client = KubernetesClients.Create(server.Configuration);

        var e = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => client.CoreV1.ReadNamespacedPodAsync("driver", "spark"));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("NotFound", e.Reason);
        Assert.Equal(new KubernetesRequestInfo("get", "", "pods", null, "spark", "driver"), e.Request);
    }

    [Fact]
    public async Task A_403_names_the_rbac_rule_to_add()
    {
        using var server = new StubApiServer(c => StubApiServer.WriteAsync(
            c, 403, StubApiServer.Status(403, "Forbidden", "pods is forbidden: User \\\"system:serviceaccount:spark:default\\\" cannot list resource \\\"pods\\\"")));
        using var client = KubernetesClients.Create(server.Configuration);

        var e = await Assert.ThrowsAsync<KubernetesForbiddenException>(() => client.CoreV1.ListNamespacedPodAsync("spark"));
        Assert.Equal("list", e.Verb);
        Assert.Equal("pods", e.Resource);
        Assert.Equal("spark", e.Namespace);
        Assert.Equal("{apiGroups: [\"\"], resources: [\"pods\"], verbs: [\"list\"]}", e.MissingRule);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After_and_then_succeeds()
    {
        var calls = 0;
        using var server = new StubApiServer(c => Interlocked.Increment(ref calls) == 1
            ? StubApiServer.WriteAsync(c, 429, StubApiServer.Status(429, "TooManyRequests", "slow down"), retryAfter: "1")
            : StubApiServer.WriteAsync(c, 200, """{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[]}"""));
        var retries = new ConcurrentBag<KubernetesRetryInfo>();
        using var client = KubernetesClients.Create(server.Configuration, new KubernetesClientOptions { RetryObserver = retries.Add });

        var list = await client.CoreV1.ListNamespacedConfigMapAsync("spark");
        Assert.Equal("7", list.Metadata.ResourceVersion);
        var retry = Assert.Single(retries);
        Assert.Equal(HttpStatusCode.TooManyRequests, retry.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.Equal("list", retry.Request.Verb);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_500_on_a_create_is_not_retried_because_it_may_have_been_applied()
    {
        using var server = new StubApiServer(c => StubApiServer.WriteAsync(c, 500, StubApiServer.Status(500, "InternalError", "etcd hiccup")));
        using var client = KubernetesClients.Create(server.Configuration, new KubernetesClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var e = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "spark"));
        Assert.Equal(500, (int)e.StatusCode);
        Assert.Equal("create", e.Request.Verb);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_attempt_that_outlives_the_request_timeout_is_retried_then_reported_as_a_timeout()
    {
        using var server = new StubApiServer(async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await StubApiServer.WriteAsync(c, 200, "{}");
        });
        var retries = new ConcurrentBag<KubernetesRetryInfo>();
        using var client = KubernetesClients.Create(server.Configuration, new KubernetesClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(200),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryObserver = retries.Add,
        });

        await Assert.ThrowsAsync<KubernetesTimeoutException>(() => client.CoreV1.ListNamespacedConfigMapAsync("spark"));
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Null(r.StatusCode));
        Assert.All(retries, r => Assert.Equal("list", r.Request.Verb));
    }

    [Fact]
    public async Task A_TLS_handshake_the_server_cuts_short_is_retried_even_for_a_create_then_reported_with_its_cause()
    {
        // An overloaded API server accepts connections and drops them during the handshake; nothing was sent yet.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        var dropping = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
                socket.Close();
            }
        });
        var retries = new ConcurrentBag<KubernetesRetryInfo>();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = KubernetesClients.Create(
            new KubernetesClientConfiguration { Host = $"https://127.0.0.1:{port}", SkipTlsVerify = true, Namespace = "spark" },
            new KubernetesClientOptions { MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryObserver = retries.Add });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "spark"));
        Assert.Equal(HttpRequestError.SecureConnectionError, e.HttpRequestError);
        Assert.Equal(2, retries.Count);
        Assert.Equal(3, Volatile.Read(ref accepted));
        Assert.NotNull(e.InnerException);
        Assert.False(dropping.IsFaulted);
    }

    [Fact]
    public async Task An_ERROR_event_in_an_official_watch_stream_is_thrown_as_gone_after_the_events_before_it()
    {
        using var server = new StubApiServer(async c =>
        {
            c.Response.SendChunked = true;
            c.Response.ContentType = "application/json";
            var writer = new StreamWriter(c.Response.OutputStream);
            await writer.WriteAsync("""{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"11"}}}""" + "\n");
            await writer.WriteAsync("""{"type":"ERROR","object":""" + StubApiServer.Status(410, "Expired", "too old resource version: 5 (9)") + "}\n");
            await writer.FlushAsync();
            c.Response.Close();
        });
        using var client = KubernetesClients.Create(server.Configuration);

        var seen = new List<string>();
        var e = await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("spark", resourceVersion: "5"))
            {
                seen.Add($"{type} {pod.Metadata.Name}");
            }
        });
        Assert.Equal(["Added a"], seen);
        Assert.Equal("Expired", e.Reason);
        Assert.Equal("watch", e.Request.Verb);
    }
}
