using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.Kubernetes.Http;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes;

/// <summary>
/// The verbs of one resource type: create, get, list (paged), update, patch, delete, the status subresource
/// and watch (<see cref="WatchAsync"/>, and the reconnecting <see cref="ListAndWatchAsync"/>).
/// </summary>
/// <remarks>
/// A null namespace means the client's default namespace for single-object verbs, and all namespaces for
/// list and watch. For cluster-scoped types the namespace is ignored. Cheap to create; thread-safe.
/// </remarks>
public sealed partial class ResourceClient<T>
    where T : KubernetesObject
{
    private readonly KubernetesClient _client;

    internal ResourceClient(KubernetesClient client, ResourceType<T> type)
    {
        _client = client;
        Type = type;
    }

    public ResourceType<T> Type { get; }

    public Task<T> CreateAsync(T item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var ns = Ns(item.Metadata.Namespace);
        item.ApiVersion ??= Type.ApiVersion;
        item.Kind ??= Type.Kind;
        return _client.SendJsonAsync<T>(
            HttpMethod.Post, Type.Path(ns), Info("create", ns, null), Serialize(item), null, cancellationToken);
    }

    public Task<T> GetAsync(string? ns, string name, CancellationToken cancellationToken = default)
    {
        ns = Ns(ns);
        return _client.SendJsonAsync<T>(HttpMethod.Get, Type.Path(ns, name), Info("get", ns, name), null, null, cancellationToken);
    }

    /// <summary>Like <see cref="GetAsync"/>, but null when the object does not exist.</summary>
    public async Task<T?> TryGetAsync(string? ns, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    /// <summary>One page of the list; pass the returned continue token in <see cref="ListOptions.Continue"/> for the next.</summary>
    public Task<KubernetesList<T>> ListAsync(string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var query = new QueryBuilder()
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("limit", options.Limit)
            .Add("continue", options.Continue)
            .Add("resourceVersion", options.ResourceVersion);
        return _client.SendJsonAsync<KubernetesList<T>>(
            HttpMethod.Get, Type.Path(ns) + query, Info("list", ns, null), null, null, cancellationToken);
    }

    /// <summary>Every item, fetching pages of <see cref="ListOptions.Limit"/> (default 500) with continue tokens.</summary>
    public async IAsyncEnumerable<T> ListAllAsync(
        string? ns, ListOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options = (options ?? new ListOptions()) with { Limit = options?.Limit ?? 500 };
        while (true)
        {
            var page = await ListAsync(ns, options, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (string.IsNullOrEmpty(page.Metadata.Continue))
            {
                yield break;
            }

            options = options with { Continue = page.Metadata.Continue };
        }
    }

    /// <summary>Replaces the object; fails with <see cref="KubernetesConflictException"/> if its resourceVersion is stale.</summary>
    public Task<T> UpdateAsync(T item, CancellationToken cancellationToken = default) => Put(item, null, "update", cancellationToken);

    /// <summary>Replaces the status subresource (spec changes in <paramref name="item"/> are ignored by the server).</summary>
    public Task<T> UpdateStatusAsync(T item, CancellationToken cancellationToken = default) => Put(item, "status", "update", cancellationToken);

    public Task<T> PatchAsync(string? ns, string name, KubernetesPatch patch, CancellationToken cancellationToken = default) =>
        Patch(ns, name, patch, null, cancellationToken);

    public Task<T> PatchStatusAsync(string? ns, string name, KubernetesPatch patch, CancellationToken cancellationToken = default) =>
        Patch(ns, name, patch, "status", cancellationToken);

    /// <summary>Deletes the object. Pods on a node are deleted gracefully: they get a deletionTimestamp first.</summary>
    public async Task DeleteAsync(string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ns = Ns(ns);
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions" };
        if (options?.PropagationPolicy is { } policy)
        {
            body["propagationPolicy"] = policy;
        }

        if (options?.GracePeriodSeconds is { } grace)
        {
            body["gracePeriodSeconds"] = grace;
        }

        if (options?.PreconditionUid is not null || options?.PreconditionResourceVersion is not null)
        {
            var pre = new JsonObject();
            if (options.PreconditionUid is { } uid)
            {
                pre["uid"] = uid;
            }

            if (options.PreconditionResourceVersion is { } rv)
            {
                pre["resourceVersion"] = rv;
            }

            body["preconditions"] = pre;
        }

        using var response = await _client.SendAsync(
            HttpMethod.Delete, Type.Path(ns, name), Info("delete", ns, name), body.ToJsonString(), null, streaming: false, cancellationToken)
            .ConfigureAwait(false);
    }

    private Task<T> Put(T item, string? subresource, string verb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var ns = Ns(item.Metadata.Namespace);
        var name = item.Metadata.Name ?? throw new ArgumentException("The object has no metadata.name.", nameof(item));
        return _client.SendJsonAsync<T>(
            HttpMethod.Put, Type.Path(ns, name, subresource), Info(verb, ns, name, subresource), Serialize(item), null, cancellationToken);
    }

    private Task<T> Patch(string? ns, string name, KubernetesPatch patch, string? subresource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ns = Ns(ns);
        return _client.SendJsonAsync<T>(
            HttpMethod.Patch, Type.Path(ns, name, subresource), Info("patch", ns, name, subresource), patch.Body, patch.ContentType, cancellationToken);
    }

    private string? Ns(string? ns) => Type.Namespaced ? ns ?? _client.DefaultNamespace : null;

    private KubernetesRequestInfo Info(string verb, string? ns, string? name, string? subresource = null) =>
        new(verb, Type.Group, Type.Plural, subresource, Type.Namespaced ? ns : null, name);

    private static string Serialize(T item) => JsonSerializer.Serialize(item, KubernetesJson.Options);
}
