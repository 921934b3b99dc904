using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes;

/// <summary>The Kubernetes backend cannot start: the API server refused or could not be reached. The message says what to fix.</summary>
public sealed class KubernetesBackendException(string message, Exception? inner = null) : KilnException(message, inner);
