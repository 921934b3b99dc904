using System.Globalization;
using Kiln.Scheduler.Events;

namespace Kiln.Ui;

/// <summary>
/// A plan node's summed metrics as Spark names them (<c>number of output rows</c>, <c>time</c>, <c>spill size</c>,
/// and for an exchange <c>shuffle records written</c>, <c>shuffle bytes written</c>), for the REST API and the SQL page alike.
/// </summary>
internal static class SqlNodeMetricValues
{
    public static IReadOnlyList<(string Name, string Value)> Of(PlanNodeInfo node, NodeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(metrics);
        var values = new List<(string, string)>
        {
            ("number of output rows", N(metrics.OutputRows)),
            ("time", Ms(metrics.TimeNanos)),
        };
        if (metrics.SpillBytes > 0)
        {
            values.Add(("spill size", N(metrics.SpillBytes)));
        }

        if (node.Name.EndsWith("Exchange", StringComparison.Ordinal))
        {
            values.Add(("shuffle records written", N(metrics.ShuffleRecordsWritten)));
            values.Add(("shuffle bytes written", N(metrics.ShuffleBytesWritten)));
        }

        return values;
    }

    private static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Ms(long nanos) => (nanos / 1_000_000.0).ToString("#,0.0 'ms'", CultureInfo.InvariantCulture);
}
