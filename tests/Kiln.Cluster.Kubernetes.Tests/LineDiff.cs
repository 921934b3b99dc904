using System.Globalization;
using System.Text;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>A unified-style diff of two texts by lines (longest common subsequence), with a few lines of context around each change.</summary>
internal static class LineDiff
{
    private const int Context = 2;

    public static string Unified(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<(char Mark, string Text, int Line)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x], x++));
                y++;
            }
            else if (y < b.Length && (x == a.Length || common[x, y + 1] >= common[x + 1, y]))
            {
                lines.Add(('+', b[y++], x));
            }
            else
            {
                lines.Add(('-', a[x], x++));
            }
        }

        var shown = new bool[lines.Count];
        for (var k = 0; k < lines.Count; k++)
        {
            if (lines[k].Mark != ' ')
            {
                for (var c = Math.Max(0, k - Context); c <= Math.Min(lines.Count - 1, k + Context); c++)
                {
                    shown[c] = true;
                }
            }
        }

        var diff = new StringBuilder();
        for (var k = 0; k < lines.Count; k++)
        {
            if (!shown[k])
            {
                continue;
            }

            if (k == 0 || !shown[k - 1])
            {
                diff.Append(CultureInfo.InvariantCulture, $"@@ approved line {lines[k].Line + 1} @@\n");
            }

            diff.Append(CultureInfo.InvariantCulture, $"{lines[k].Mark}{lines[k].Text}\n");
        }

        return diff.ToString();
    }
}
