namespace Kiln.Kubernetes;

/// <summary>The kinds of PATCH the API server accepts.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch (application/merge-patch+json).</summary>
    Merge,

    /// <summary>Kubernetes strategic merge patch: lists merge by key (application/strategic-merge-patch+json). Built-in kinds only.</summary>
    StrategicMerge,

    /// <summary>RFC 6902 JSON patch operations (application/json-patch+json).</summary>
    Json,
}
