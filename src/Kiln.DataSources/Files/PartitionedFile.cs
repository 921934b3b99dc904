namespace Kiln.DataSources.Files;

/// <summary>A data file and the raw values of its partition columns (from its <c>col=value</c> directories; null for <c>__HIVE_DEFAULT_PARTITION__</c>).</summary>
public sealed record PartitionedFile(string Path, IReadOnlyList<string?> PartitionValues);
