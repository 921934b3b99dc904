using System.Text;

namespace Kiln.Common.Text;

/// <summary>Renders a tree as indented lines (<c>+- child</c>), as explain() prints logical and physical plans.</summary>
public static class TreeText
{
    public static string Render<T>(T root, Func<T, string> describe, Func<T, IEnumerable<T>> children)
    {
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(children);
        var sb = new StringBuilder();
        Append(sb, root, 0, describe, children);
        return sb.ToString();
    }

    private static void Append<T>(StringBuilder sb, T node, int depth, Func<T, string> describe, Func<T, IEnumerable<T>> children)
    {
        sb.Append(' ', depth * 2).Append(depth == 0 ? "" : "+- ").Append(describe(node)).Append('\n');
        foreach (var child in children(node))
        {
            Append(sb, child, depth + 1, describe, children);
        }
    }
}
