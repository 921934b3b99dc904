// The node agent runs pods as Linux process groups in mount namespaces and memory cgroups.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
