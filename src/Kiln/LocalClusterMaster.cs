namespace Kiln;

/// <summary>
/// <c>local-cluster[E,C,M]</c>: the driver here and <paramref name="Executors"/> executor processes on this machine,
/// each running <paramref name="CoresPerExecutor"/> tasks at once within <paramref name="MemoryMiB"/> MiB.
/// </summary>
public sealed record LocalClusterMaster(int Executors, int CoresPerExecutor, int MemoryMiB) : MasterUrl
{
    public override int TaskSlots => Executors * CoresPerExecutor;
}
