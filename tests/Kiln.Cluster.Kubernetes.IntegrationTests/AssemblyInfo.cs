// The test cluster runs pods as Linux processes; these tests run where it runs, one class at a time.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
