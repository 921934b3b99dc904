using Kiln.Common.Types;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// The schema a set of Parquet files is read with: one field per top-level column (unsupported ones typed void), the
/// unsupported columns with their file types, and the files whose footers could not be read (skipped with
/// <c>ignoreCorruptFiles</c>).
/// </summary>
public sealed record ParquetFileSchema(Schema Schema, IReadOnlyDictionary<string, string> UnsupportedColumns, IReadOnlyList<string> SkippedFiles);
