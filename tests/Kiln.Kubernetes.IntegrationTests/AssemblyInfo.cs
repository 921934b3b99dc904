// The test cluster runs pods as Linux processes; these tests run where it runs.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
