using Kiln.Common.Types;

namespace Kiln.Plan.Logical;

/// <summary>What a file scan reads: a format (csv, json), paths, reader options and the full file schema.</summary>
public sealed record FileSourceInfo(string Format, IReadOnlyList<string> Paths, IReadOnlyDictionary<string, string> Options, Schema DataSchema)
{
    public override string ToString() => $"{Format} [{string.Join(", ", Paths)}]";
}
