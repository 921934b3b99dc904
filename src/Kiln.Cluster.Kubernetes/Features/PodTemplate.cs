using k8s;
using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// The pod a builder starts from, shared by the executor and the driver builders: the template file (or an empty pod),
/// checked once, and its container that runs Kiln (by name, else the first, else a new one).
/// </summary>
internal sealed class PodTemplate
{
    private readonly V1Pod _template;
    private readonly string? _containerName;
    private readonly string _defaultContainerName;

    /// <param name="containerKey">The key that names the container, quoted when the template lacks it.</param>
    /// <exception cref="PodTemplateException">The template file is missing, not YAML, not a pod, has a field the Pod API does not have, or lacks the named container.</exception>
    public PodTemplate(string? file, string? containerName, string containerKey, string defaultContainerName)
    {
        _template = file is not null ? PodTemplateLoader.Load(file) : new V1Pod();
        _template.Spec ??= new V1PodSpec();
        _template.Spec.Containers ??= [];
        _containerName = containerName;
        _defaultContainerName = defaultContainerName;
        if (containerName is { } name && file is not null && _template.Spec.Containers.All(c => c.Name != name))
        {
            throw new PodTemplateException(file, null, "spec.containers", $"it has no container named {name} ({containerKey}); its containers are {string.Join(", ", _template.Spec.Containers.Select(c => c.Name))}");
        }
    }

    /// <summary>A fresh copy of the template and, in it, the container that runs Kiln.</summary>
    public (V1Pod Pod, V1Container Container) Start()
    {
        var pod = Clone(_template);
        var container = (_containerName is { } name ? pod.Spec.Containers.FirstOrDefault(c => c.Name == name) : pod.Spec.Containers.FirstOrDefault())
            ?? AddContainer(pod);
        return (pod, container);
    }

    public static T Clone<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    private V1Container AddContainer(V1Pod pod)
    {
        var container = new V1Container { Name = _defaultContainerName };
        pod.Spec.Containers.Insert(0, container);
        return container;
    }
}
