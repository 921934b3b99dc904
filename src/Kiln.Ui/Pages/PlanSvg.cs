using System.Globalization;
using System.Text;
using Kiln.Scheduler.Events;
using Kiln.Status.Store;

namespace Kiln.Ui.Pages;

/// <summary>
/// Draws a query's physical plan as an SVG graph, server-side: one box per operator with its summed metrics,
/// the root at the top and each operator's inputs below it, exchanges outlined in red. Layout: every leaf takes
/// one column, a node is centred over its inputs, rows are the depth in the tree.
/// </summary>
internal static class PlanSvg
{
    private const int BoxWidth = 250;
    private const int Gap = 20;
    private const int LineHeight = 15;
    private const int RowGap = 36;

    public static string Render(SqlExecutionStatus sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var nodes = sql.Nodes;
        var lines = nodes.Select(n => Lines(sql, n)).ToArray();
        var boxHeight = (lines.Length == 0 ? 1 : lines.Max(l => l.Count)) * LineHeight + 10;
        var x = new double[nodes.Count];
        var depth = new int[nodes.Count];
        var column = 0.0;
        Place(nodes, 0, 0, x, depth, ref column);
        var width = (int)(Math.Max(1, column) * (BoxWidth + Gap));
        var height = (depth.DefaultIfEmpty(0).Max() + 1) * (boxHeight + RowGap);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg data-testid=\"plan-graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        foreach (var n in nodes)
        {
            foreach (var c in n.ChildIds)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Cx(x[c])}\" y1=\"{Top(depth[c], boxHeight)}\" x2=\"{Cx(x[n.NodeId])}\" y2=\"{Top(depth[n.NodeId], boxHeight) + boxHeight}\" stroke=\"#999\"/>");
            }
        }

        foreach (var n in nodes)
        {
            var left = Cx(x[n.NodeId]) - (BoxWidth / 2);
            var top = Top(depth[n.NodeId], boxHeight);
            var stroke = n.Name.EndsWith("Exchange", StringComparison.Ordinal) ? "#c55\" stroke-width=\"2" : "#79a";
            svg.Append(CultureInfo.InvariantCulture, $"<g data-testid=\"plan-node-{n.NodeId}\" data-node-name=\"{Html.Attr(n.Name)}\"><title>{Html.E(n.Description)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{BoxWidth}\" height=\"{boxHeight}\" rx=\"5\" fill=\"#eef4fa\" stroke=\"{stroke}\"/>");
            var y = top + LineHeight;
            foreach (var (text, bold) in lines[n.NodeId])
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 6}\" y=\"{y}\"{(bold ? " font-weight=\"bold\"" : string.Empty)}>{Html.E(text)}</text>");
                y += LineHeight;
            }

            svg.Append("</g>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static List<(string Text, bool Bold)> Lines(SqlExecutionStatus sql, PlanNodeInfo node)
    {
        var lines = new List<(string, bool)> { (node.Name, true) };
        foreach (var (name, value) in SqlNodeMetricValues.Of(node, sql.MetricsOf(node.NodeId)))
        {
            lines.Add(($"{name}: {value}", false));
        }

        return lines;
    }

    /// <summary>Places a subtree: leaves take the next column, a parent sits over the middle of its inputs.</summary>
    private static void Place(IReadOnlyList<PlanNodeInfo> nodes, int id, int level, double[] x, int[] depth, ref double column)
    {
        if (id >= nodes.Count)
        {
            return;
        }

        depth[id] = level;
        var children = nodes[id].ChildIds;
        if (children.Count == 0)
        {
            x[id] = column++;
            return;
        }

        foreach (var c in children)
        {
            Place(nodes, c, level + 1, x, depth, ref column);
        }

        x[id] = (x[children[0]] + x[children[^1]]) / 2;
    }

    private static int Cx(double column) => (int)(column * (BoxWidth + Gap)) + (BoxWidth / 2) + (Gap / 2);

    private static int Top(int level, int boxHeight) => (level * (boxHeight + RowGap)) + 4;
}
