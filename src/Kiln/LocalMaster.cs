namespace Kiln;

/// <summary><c>local[N]</c>: the driver and <paramref name="Threads"/> task threads in this process.</summary>
public sealed record LocalMaster(int Threads) : MasterUrl
{
    public override int TaskSlots => Threads;
}
