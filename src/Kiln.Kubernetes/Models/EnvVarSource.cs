namespace Kiln.Kubernetes.Models;

/// <summary>Where an environment variable's value comes from.</summary>
public sealed class EnvVarSource : KubernetesModel
{
    public ObjectFieldSelector? FieldRef { get; set; }

    public KeySelector? ConfigMapKeyRef { get; set; }

    public KeySelector? SecretKeyRef { get; set; }
}
