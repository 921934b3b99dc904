namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>One volume declared with <c>kiln.kubernetes.executor.volumes.TYPE.NAME.*</c>.</summary>
/// <param name="Type">hostPath, emptyDir, persistentVolumeClaim or nfs.</param>
/// <param name="Options">The volume source's fields (<c>options.path</c> gives <c>path</c>).</param>
public sealed record VolumeSpec(string Type, string Name, string MountPath, bool ReadOnly, string? SubPath, IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The key family the volume was declared with, named in error messages.</summary>
    public string KeyPrefix { get; init; } = VolumeKeys.ExecutorKey;

    /// <summary>True for a volume that becomes the executor's local directory (<c>kiln-local-dir-*</c>, <c>spark-local-dir-*</c>).</summary>
    public bool IsLocalDir => Name.StartsWith("kiln-local-dir-", StringComparison.Ordinal) || Name.StartsWith("spark-local-dir-", StringComparison.Ordinal);

    /// <summary>A persistentVolumeClaim with <c>claimName=OnDemand</c>: a claim is created for each executor and owned by its pod.</summary>
    public bool IsOnDemandClaim => Type == "persistentVolumeClaim" && Options.TryGetValue("claimName", out var claim) && claim == "OnDemand";
}
