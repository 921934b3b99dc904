using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes;

/// <summary>
/// Where a kind lives in the REST API: group, version, plural resource name and whether it is namespaced.
/// Well-known kinds are in <see cref="KubernetesResources"/>; custom resources are described at run time.
/// </summary>
public sealed record ResourceType<T>(string Group, string Version, string Plural, string Kind, bool Namespaced)
    where T : KubernetesObject
{
    /// <summary>"v1" or "group/version".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The request path of a collection or of one object (and optionally a subresource).</summary>
    public string Path(string? ns, string? name = null, string? subresource = null)
    {
        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        var nsPart = Namespaced && ns is not null ? $"/namespaces/{Uri.EscapeDataString(ns)}" : "";
        var namePart = name is null ? "" : "/" + Uri.EscapeDataString(name);
        var subPart = subresource is null ? "" : "/" + subresource;
        return prefix + nsPart + "/" + Plural + namePart + subPart;
    }
}
