using System.Globalization;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// Reads an executor pod template (<c>kiln.kubernetes.executor.podTemplateFile</c>) strictly, so that a template Kiln
/// cannot use fails before any pod is created, naming the file, the line and the field:
/// <code>
///   read ──> YAML (syntax) ──> one document, a mapping, kind Pod, apiVersion v1 ──> V1Pod, unknown fields refused
/// </code>
/// </summary>
internal static class PodTemplateLoader
{
    /// <exception cref="PodTemplateException">The file cannot be read, is not YAML, is not one Pod, or has a field or value the Pod API does not have.</exception>
    public static V1Pod Load(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PodTemplateException(file, null, null, $"it cannot be read ({e.Message})", e);
        }

        var root = Root(file, text);
        CheckScalar(file, root, "kind", "Pod", kind => $"it is a {kind}, not a Pod");
        CheckScalar(file, root, "apiVersion", "v1", version => $"its apiVersion is {version}; a Pod's is v1");
        try
        {
            return KubernetesYaml.Deserialize<V1Pod>(text, strict: true);
        }
        catch (YamlException e)
        {
            var (path, isKey) = Locate(root, e.Start);
            var problem = isKey
                ? $"{path} is not a field of a Pod ({e.Message})"
                : $"the value of {path} cannot be read ({(e.InnerException ?? e).Message})";
            throw new PodTemplateException(file, e.Start.Line, path, problem, e);
        }
    }

    private static YamlMappingNode Root(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new PodTemplateException(file, e.Start.Line, null, $"it is not valid YAML ({e.Message})", e);
        }

        return stream.Documents switch
        {
            [] or [{ RootNode: YamlScalarNode { Value: null or "" } }] => throw new PodTemplateException(file, null, null, "it is empty, not a Pod"),
            [{ RootNode: YamlMappingNode mapping }] => mapping,
            [var document] => throw new PodTemplateException(file, document.RootNode.Start.Line, null, "it is not a mapping of fields, not a Pod"),
            [_, var second, ..] => throw new PodTemplateException(
                file, second.RootNode.Start.Line, null, $"it holds {stream.Documents.Count.ToString(CultureInfo.InvariantCulture)} documents; a template is one Pod"),
        };
    }

    private static void CheckScalar(string file, YamlMappingNode root, string field, string expected, Func<string, string> problem)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(field), out var node) && node is YamlScalarNode { Value: { } value } && value != expected)
        {
            throw new PodTemplateException(file, node.Start.Line, field, problem(value));
        }
    }

    /// <summary>
    /// The path (<c>spec.containers[0].image</c>) of the node the deserializer stopped at, and whether it stopped at a
    /// field's name (an unknown field) rather than at its value. The node is found by where it starts: the last entry
    /// starting at or before the mark, at each level (YamlDotNet does not record where a block collection ends).
    /// </summary>
    private static (string Path, bool IsKey) Locate(YamlNode node, Mark mark, string path = "")
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var entry = mapping.Children.LastOrDefault(kv => kv.Key.Start.Index <= mark.Index);
                if (entry.Key is null)
                {
                    break;
                }

                var name = entry.Key is YamlScalarNode { Value: { } k } ? k : entry.Key.ToString();
                var childPath = path.Length == 0 ? name : $"{path}.{name}";
                return entry.Key.Start.Index == mark.Index ? (childPath, true)
                    : entry.Value.Start.Index >= mark.Index ? (childPath, false)
                    : Locate(entry.Value, mark, childPath);
            case YamlSequenceNode sequence:
                var index = sequence.Children.Count - 1;
                while (index >= 0 && sequence.Children[index].Start.Index > mark.Index)
                {
                    index--;
                }

                if (index >= 0)
                {
                    return Locate(sequence.Children[index], mark, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]");
                }

                break;
        }

        return (path.Length == 0 ? "(the whole pod)" : path, false);
    }
}
