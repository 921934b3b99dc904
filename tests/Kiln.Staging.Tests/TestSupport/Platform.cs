// The tests check Unix file modes of staged files (the servers and pods run on Linux).
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
