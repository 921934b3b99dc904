using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes;

/// <summary>The resource types Kiln uses, and a factory for custom ones.</summary>
public static class KubernetesResources
{
    public static readonly ResourceType<Pod> Pods = new("", "v1", "pods", "Pod", true);
    public static readonly ResourceType<Service> Services = new("", "v1", "services", "Service", true);
    public static readonly ResourceType<ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    public static readonly ResourceType<Secret> Secrets = new("", "v1", "secrets", "Secret", true);
    public static readonly ResourceType<ServiceAccount> ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount", true);
    public static readonly ResourceType<PersistentVolumeClaim> PersistentVolumeClaims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);
    public static readonly ResourceType<PersistentVolume> PersistentVolumes = new("", "v1", "persistentvolumes", "PersistentVolume", false);
    public static readonly ResourceType<Event> Events = new("", "v1", "events", "Event", true);
    public static readonly ResourceType<Node> Nodes = new("", "v1", "nodes", "Node", false);
    public static readonly ResourceType<Namespace> Namespaces = new("", "v1", "namespaces", "Namespace", false);
    public static readonly ResourceType<Lease> Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true);

    public static readonly ResourceType<CustomResourceDefinition> CustomResourceDefinitions =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false);

    /// <summary>Any other resource, read and written as <see cref="CustomObject"/>.</summary>
    public static ResourceType<CustomObject> Custom(string group, string version, string plural, string kind, bool namespaced) =>
        new(group, version, plural, kind, namespaced);
}
