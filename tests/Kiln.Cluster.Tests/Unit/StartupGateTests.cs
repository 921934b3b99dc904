using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>When start-up ends: by the registered ratio or by the longest wait, once.</summary>
public sealed class StartupGateTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(4, 1.0, 3, false)]
    [InlineData(4, 1.0, 4, true)]
    [InlineData(4, 0.8, 3, false)]
    [InlineData(5, 0.8, 4, true)]
    [InlineData(3, 0.5, 2, true)]
    [InlineData(3, 0.5, 1, false)]
    [InlineData(0, 1.0, 0, true)]
    public void The_ratio_rounds_up(int initial, double ratio, int active, bool done)
    {
        var gate = new StartupGate(initial, ratio, TimeSpan.FromSeconds(30), Start);
        Assert.Equal(done, gate.CompletesWith(active));
        Assert.Equal(done, gate.Done);
    }

    [Fact]
    public void The_longest_wait_ends_start_up_once_and_only_after_it_has_passed()
    {
        var gate = new StartupGate(2, 1.0, TimeSpan.FromSeconds(30), Start);
        Assert.False(gate.TimesOutAt(Start.AddSeconds(29.9)));
        Assert.True(gate.TimesOutAt(Start.AddSeconds(30)));
        Assert.False(gate.TimesOutAt(Start.AddSeconds(31)));
        Assert.False(gate.CompletesWith(2));
    }

    [Fact]
    public void An_abandoned_start_up_neither_completes_nor_times_out()
    {
        var gate = new StartupGate(1, 1.0, TimeSpan.FromSeconds(1), Start);
        gate.Abandon();
        Assert.False(gate.CompletesWith(1));
        Assert.False(gate.TimesOutAt(Start.AddMinutes(1)));
    }
}
