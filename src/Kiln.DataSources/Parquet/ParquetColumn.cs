using Kiln.Common.Types;

namespace Kiln.DataSources.Parquet;

/// <summary>A top-level column of a Parquet file: its leaf index, Kiln type and value conversion, or why Kiln cannot read it.</summary>
/// <param name="Leaf">Index of the column among the file's leaf columns; -1 for unsupported (nested) columns.</param>
/// <param name="FileType">The type as the file declares it, for messages: <c>INT64 (DECIMAL(15,2))</c>, <c>struct&lt;a, b&gt;</c>.</param>
/// <param name="Unsupported">True when Kiln cannot hold the column's values; <see cref="Type"/> is then void.</param>
internal sealed record ParquetColumn(string Name, int Leaf, DataType Type, ParquetValueKind Kind, string FileType, bool Unsupported, int FixedLength = 0);
