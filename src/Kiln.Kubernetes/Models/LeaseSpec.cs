using System.Text.Json.Serialization;

namespace Kiln.Kubernetes.Models;

/// <summary>Holder and timing of a lease.</summary>
public sealed class LeaseSpec : KubernetesModel
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
