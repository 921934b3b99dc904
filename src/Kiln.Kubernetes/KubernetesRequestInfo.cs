namespace Kiln.Kubernetes;

/// <summary>What a request asked for, in RBAC terms: verb, API group, resource (with subresource), namespace and name.</summary>
public sealed record KubernetesRequestInfo(
    string Verb,
    string Group,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name)
{
    /// <summary>The resource as RBAC rules spell it: "pods" or "pods/log".</summary>
    public string RbacResource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    public override string ToString() =>
        $"{Verb} {RbacResource}{(Group.Length > 0 ? "." + Group : "")}" +
        $"{(Name is null ? "" : " " + Name)}{(Namespace is null ? "" : " in namespace " + Namespace)}";
}
