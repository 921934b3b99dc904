using k8s;
using k8s.Models;
using Kiln.Staging.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Kiln.Staging.Tests.Deploy;

/// <summary>
/// deploy/kubernetes parses as Kubernetes objects, its kustomization lists every file, and its Role grants a driver
/// what it needs in its own namespace and nothing cluster-wide.
/// </summary>
public sealed class ManifestTests
{
    private const string Namespace = "kiln";

    private static readonly string Dir = RepoPaths.Of("deploy/kubernetes");

    /// <summary>Namespaced core resources a driver uses; anything else in the Role is a failure.</summary>
    private static readonly HashSet<string> NamespacedResources = ["pods", "pods/log", "services", "configmaps", "secrets", "persistentvolumeclaims", "events"];

    private static readonly Lazy<List<object>> Objects = new(() =>
        ResourceFiles().SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Dir, f)))).ToList());

    [Fact]
    public void The_kustomization_lists_exactly_the_manifest_files_and_sets_the_namespace_and_image()
    {
        var root = Kustomization();
        Assert.Equal(Namespace, Scalar(root, "namespace"));
        var onDisk = Directory.GetFiles(Dir, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, ResourceFiles().Order(StringComparer.Ordinal));
        var image = Assert.Single(((YamlSequenceNode)root.Children[new YamlScalarNode("images")]).Cast<YamlMappingNode>());
        Assert.Equal(("kiln", "kiln", "latest"), (Scalar(image, "name"), Scalar(image, "newName"), Scalar(image, "newTag")));
    }

    [Fact]
    public void Every_object_parses_and_nothing_is_cluster_wide_but_the_namespace_itself()
    {
        var kinds = Objects.Value.Select(o => o.GetType()).ToList();
        Assert.Equal(
            [typeof(V1Namespace), typeof(V1ServiceAccount), typeof(V1Role), typeof(V1RoleBinding), typeof(V1PersistentVolumeClaim), typeof(V1Deployment), typeof(V1Service)],
            kinds);
        Assert.DoesNotContain(Objects.Value, o => o is V1ClusterRole or V1ClusterRoleBinding);
        Assert.Equal(Namespace, Assert.Single(Objects.Value.OfType<V1Namespace>()).Metadata.Name);
        foreach (var o in Objects.Value.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace))
        {
            Assert.Equal(Namespace, o.Metadata.NamespaceProperty);
        }
    }

    [Fact]
    public void The_role_grants_the_drivers_verbs_on_namespaced_core_resources_only_and_no_wildcards()
    {
        var role = Assert.Single(Objects.Value.OfType<V1Role>());
        foreach (var rule in role.Rules)
        {
            Assert.Equal([""], rule.ApiGroups);
            Assert.DoesNotContain("*", rule.Verbs);
            Assert.DoesNotContain("*", rule.Resources);
            Assert.All(rule.Resources, r => Assert.Contains(r, NamespacedResources));
            Assert.All(rule.Verbs, v => Assert.DoesNotContain(v, new[] { "escalate", "bind", "impersonate", "update" }));
            Assert.Null(rule.NonResourceURLs);
        }

        Assert.Equal(["create", "delete", "deletecollection", "get", "list", "patch", "watch"], Verbs(role, "pods"));
        Assert.Equal(["get"], Verbs(role, "pods/log"));
        foreach (var resource in new[] { "services", "configmaps", "secrets", "persistentvolumeclaims" })
        {
            Assert.Equal(["create", "delete", "get", "list"], Verbs(role, resource));
        }
    }

    [Fact]
    public void The_binding_gives_the_role_to_the_kiln_service_account_in_its_namespace()
    {
        var binding = Assert.Single(Objects.Value.OfType<V1RoleBinding>());
        var role = Assert.Single(Objects.Value.OfType<V1Role>());
        var account = Assert.Single(Objects.Value.OfType<V1ServiceAccount>());
        Assert.Equal(("Role", role.Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "kiln", Namespace), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal("kiln", account.Metadata.Name);
    }

    [Fact]
    public void The_staging_server_runs_as_non_root_on_its_claim_behind_its_service()
    {
        var deployment = Assert.Single(Objects.Value.OfType<V1Deployment>());
        var service = Assert.Single(Objects.Value.OfType<V1Service>());
        var claim = Assert.Single(Objects.Value.OfType<V1PersistentVolumeClaim>());
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal("kiln", container.Image);
        Assert.Equal("staging-server", container.Args[0]);
        var dir = container.Args[container.Args.IndexOf("--dir") + 1];
        var port = int.Parse(container.Args[container.Args.IndexOf("--port") + 1], System.Globalization.CultureInfo.InvariantCulture);

        var storeMount = Assert.Single(container.VolumeMounts, m => m.MountPath == dir);
        var storeVolume = Assert.Single(pod.Volumes, v => v.Name == storeMount.Name);
        Assert.Equal(claim.Metadata.Name, storeVolume.PersistentVolumeClaim.ClaimName);
        Assert.Equal(port, Assert.Single(container.Ports).ContainerPort);
        Assert.Equal("/healthz", container.ReadinessProbe.HttpGet.Path);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);

        Assert.Equal(deployment.Spec.Selector.MatchLabels, service.Spec.Selector);
        Assert.All(service.Spec.Selector, kv => Assert.Equal(kv.Value, deployment.Spec.Template.Metadata.Labels[kv.Key]));
        Assert.Equal(Assert.Single(container.Ports).Name, Assert.Single(service.Spec.Ports).TargetPort.Value);
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
    }

    private static List<string> Verbs(V1Role role, string resource) =>
        role.Rules.Where(r => r.Resources.Contains(resource)).SelectMany(r => r.Verbs).Order(StringComparer.Ordinal).ToList();

    private static YamlMappingNode Kustomization()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Dir, "kustomization.yaml")));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static List<string> ResourceFiles() =>
        ((YamlSequenceNode)Kustomization().Children[new YamlScalarNode("resources")]).Select(n => ((YamlScalarNode)n).Value!).ToList();

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value;
}
