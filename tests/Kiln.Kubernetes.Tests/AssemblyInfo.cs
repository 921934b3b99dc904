// The exec-plugin and kubeconfig tests use Unix shells and file modes, as the clusters Kiln targets do.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
