using Kiln.Common.Types;

namespace Kiln.Plan.Logical;

/// <summary>
/// What a file scan reads: a format (csv, json, parquet), paths, reader options and the full schema. For a partitioned
/// table the last <see cref="PartitionColumns"/> fields of <see cref="DataSchema"/> come from the files' <c>col=value</c>
/// directories, not from the files.
/// </summary>
public sealed record FileSourceInfo(string Format, IReadOnlyList<string> Paths, IReadOnlyDictionary<string, string> Options, Schema DataSchema)
{
    /// <summary>Names of the partition columns, in directory order; they are the last fields of <see cref="DataSchema"/>.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    /// <summary>How many leading fields of <see cref="DataSchema"/> are read from the files.</summary>
    public int FileColumnCount => DataSchema.Count - PartitionColumns.Count;

    public override string ToString() => $"{Format} [{string.Join(", ", Paths)}]" + (PartitionColumns.Count == 0 ? "" : $" partitioned by ({string.Join(", ", PartitionColumns)})");
}
