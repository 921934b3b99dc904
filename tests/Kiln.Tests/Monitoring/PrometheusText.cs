using System.Globalization;

namespace Kiln.Tests.Monitoring;

/// <summary>A small reader of the Prometheus text exposition format: sample name with labels → value; comments checked for TYPE.</summary>
public static class PrometheusText
{
    public static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches(@"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* ", line);
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples;
    }
}
