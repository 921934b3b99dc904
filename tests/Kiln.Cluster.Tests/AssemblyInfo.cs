// Every test starts executor processes and several time their faults: one test at a time keeps a 2-core machine predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The tests find, signal and kill executor processes through /proc and POSIX signals.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
