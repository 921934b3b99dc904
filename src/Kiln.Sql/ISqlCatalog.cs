using Kiln.Plan.Logical;

namespace Kiln.Sql;

/// <summary>The tables and views a query can name, supplied by the caller (the session's temp views).</summary>
/// <remarks>Names are matched case-insensitively by the caller's implementation. Called only during <see cref="SqlPlanner"/> calls.</remarks>
public interface ISqlCatalog
{
    /// <summary>The resolved plan registered under <paramref name="name"/>, or null when there is none.</summary>
    LogicalPlan? LookupTable(string name);

    /// <summary>A scan of the files at <paramref name="path"/> in <paramref name="format"/> (parquet, csv, json), for <c>parquet.`path`</c> in FROM.</summary>
    LogicalPlan ReadFiles(string format, string path) =>
        throw new Common.Errors.AnalysisException($"reading {format} files by path is not available here; register the files as a view");

    /// <summary>All registered names, for "did you mean" hints.</summary>
    IEnumerable<string> TableNames { get; }
}
