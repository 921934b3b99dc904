namespace Kiln.Kubernetes.Http;

/// <summary>
/// Derives what a request asks for, in RBAC terms, from its method and URL, the way the API server's
/// request-info resolver does:
/// <code>
///   /api/v1[/watch][/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
///   /apis/GROUP/VERSION[/watch][/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
///   GET: get (name) | list (no name) | watch (?watch=true)   POST: create   PUT: update   PATCH: patch
///   DELETE: delete (name) | deletecollection (no name)
/// </code>
/// Anything else (/healthz, /version) is a non-resource URL: the resource is the path.
/// </summary>
internal static class RequestInfoParser
{
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    public static KubernetesRequestInfo Parse(HttpMethod method, Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        var path = uri is null ? "/" : (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0]);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var verb = BaseVerb(method);
        string group;
        IEnumerable<string> rest;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            group = "";
            rest = parts.Skip(2);
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            group = parts[1];
            rest = parts.Skip(3);
        }
        else
        {
            return new KubernetesRequestInfo(verb, "", path, null, null, null);
        }

        var segments = rest.ToList();
        var legacyWatch = false;
        if (segments.Count > 0 && segments[0] == "watch")
        {
            legacyWatch = true;
            segments.RemoveAt(0);
        }

        string? ns = null;
        if (segments.Count > 1 && segments[0] == "namespaces")
        {
            ns = segments[1];
            if (segments.Count > 2 && !NamespaceSubresources.Contains(segments[2]))
            {
                segments.RemoveRange(0, 2);
            }
        }

        if (segments.Count == 0)
        {
            return new KubernetesRequestInfo(verb, group, path, null, ns, null);
        }

        var resource = segments[0];
        var name = segments.Count > 1 ? segments[1] : null;
        var subresource = segments.Count > 2 ? segments[2] : null;
        if (name is null)
        {
            verb = verb switch
            {
                "get" => "list",
                "delete" => "deletecollection",
                _ => verb,
            };
        }

        if (legacyWatch || (verb is "list" or "get" && IsTrue(QueryValue(uri, "watch"))))
        {
            verb = "watch";
        }

        return new KubernetesRequestInfo(verb, group, resource, subresource, ns, name);
    }

    /// <summary>True for requests whose response is a stream that lasts as long as the server keeps it open (watches, followed logs).</summary>
    public static bool IsStreaming(Uri? uri) =>
        IsTrue(QueryValue(uri, "watch")) || IsTrue(QueryValue(uri, "follow")) ||
        (uri?.AbsolutePath.Contains("/watch/", StringComparison.Ordinal) ?? false);

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static string? QueryValue(Uri? uri, string key)
    {
        if (uri is null || !uri.IsAbsoluteUri || uri.Query.Length <= 1)
        {
            return null;
        }

        foreach (var pair in uri.Query[1..].Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var k = eq < 0 ? pair : pair[..eq];
            if (Uri.UnescapeDataString(k) == key)
            {
                return eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    private static string BaseVerb(HttpMethod method) => method.Method switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        var other => other.ToLowerInvariant(),
    };
}
