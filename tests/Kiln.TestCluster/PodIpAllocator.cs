namespace Kiln.TestCluster;

/// <summary>Hands out unique pod IPs from 127.1.0.0/16 (loopback, so every pod can bind its own address).</summary>
internal sealed class PodIpAllocator
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _used = [];
    private int _next = 1;

    public string Allocate()
    {
        lock (_gate)
        {
            for (var i = 0; i < 65000; i++)
            {
                var candidate = _next;
                _next = (_next % 65000) + 1;
                if (_used.Add(candidate))
                {
                    return $"127.1.{candidate / 250}.{(candidate % 250) + 1}";
                }
            }

            throw new InvalidOperationException("No free pod IP in 127.1.0.0/16.");
        }
    }

    public void Release(string ip)
    {
        var parts = ip.Split('.');
        lock (_gate)
        {
            _used.Remove((int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) * 250) +
                int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) - 1);
        }
    }
}
