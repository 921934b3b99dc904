using System.Net;
using k8s.Models;

namespace Kiln.Kubernetes;

/// <summary>
/// The identity may not do what it asked (403). <see cref="MissingRule"/> is the RBAC rule that would allow it,
/// ready to paste into a Role (namespaced) or ClusterRole.
/// </summary>
public sealed class KubernetesForbiddenException : KubernetesApiException
{
    public KubernetesForbiddenException(string message, HttpStatusCode statusCode, V1Status? status, KubernetesRequestInfo request)
        : base(message, statusCode, status, request)
    {
    }

    /// <summary>The verb that was refused, such as "list" or "create".</summary>
    public string Verb => Request.Verb;

    /// <summary>The resource that was refused, as RBAC spells it ("pods", "pods/log").</summary>
    public string Resource => Request.RbacResource;

    /// <summary>The namespace of the request; null for cluster-scoped requests.</summary>
    public string? Namespace => Request.Namespace;

    /// <summary>The missing rule, in Role YAML flow syntax.</summary>
    public string MissingRule => Rule(Request);

    internal static string Rule(KubernetesRequestInfo r) =>
        $"{{apiGroups: [\"{r.Group}\"], resources: [\"{r.RbacResource}\"], verbs: [\"{r.Verb}\"]}}";

    internal static string Hint(KubernetesRequestInfo r) =>
        r.Namespace is null
            ? $" Missing RBAC rule: a ClusterRole bound to this identity needs {Rule(r)}."
            : $" Missing RBAC rule: a Role in namespace '{r.Namespace}' (or a ClusterRole) bound to this identity needs {Rule(r)}.";
}
