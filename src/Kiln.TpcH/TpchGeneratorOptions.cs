namespace Kiln.TpcH;

/// <summary>What <see cref="TpchGenerator.Generate"/> writes and how.</summary>
public sealed record TpchGeneratorOptions
{
    /// <summary>The scale factor, from <see cref="TpchGenerator.MinScaleFactor"/> to <see cref="TpchGenerator.MaxScaleFactor"/>.</summary>
    public required double ScaleFactor { get; init; }

    /// <summary>The directory that will hold one CSV file (or Parquet directory) per table and the manifest.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Replace an existing non-empty output directory instead of refusing to.</summary>
    public bool Overwrite { get; init; }

    /// <summary>csv (one file per table) or parquet (one directory of Parquet files per table, see <see cref="TpchParquet"/>).</summary>
    public string Format { get; init; } = "csv";

    /// <summary>Generator threads; the output does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
