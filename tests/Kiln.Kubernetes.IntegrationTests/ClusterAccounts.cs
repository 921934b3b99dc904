using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Service accounts with given rights, and clients that act as them.</summary>
internal static class ClusterAccounts
{
    /// <summary>Creates the service account and returns its token once the token controller has made it.</summary>
    public static async Task<string> CreateWithTokenAsync(IKubernetes admin, string ns, string name)
    {
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns);
        var sa = await Eventually.HoldsAsync(
            () => admin.TryReadServiceAccountAsync(ns, name), s => s.Secrets?.Count > 0, TimeSpan.FromSeconds(30), "the service account token");
        var secret = await admin.CoreV1.ReadNamespacedSecretAsync(sa.Secrets[0].Name, ns);
        return System.Text.Encoding.UTF8.GetString(secret.Data["token"]);
    }

    public static Task BindAsync(IKubernetes admin, string ns, string bindingName, string roleKind, string roleName, string serviceAccount) =>
        admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = bindingName },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = roleKind, Name = roleName },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount, NamespaceProperty = ns }],
            },
            ns);

    /// <summary>The admin configuration's server and CA with another identity's token.</summary>
    public static KubernetesClientConfiguration WithToken(ClusterFixture cluster, string token, string ns) => new()
    {
        Host = cluster.AdminConfiguration.Host,
        SslCaCerts = cluster.AdminConfiguration.SslCaCerts,
        AccessToken = token,
        Namespace = ns,
    };
}
