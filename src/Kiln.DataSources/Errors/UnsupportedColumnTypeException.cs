using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>A query reads a column whose type Kiln cannot hold yet (a Parquet struct, list or map, for example).</summary>
public sealed class UnsupportedColumnTypeException : KilnException
{
    public UnsupportedColumnTypeException(string path, string column, string fileType)
        : base($"Column '{column}' of '{path}' has type {fileType}, which Kiln cannot read yet (nested and unusual types are not supported); " +
            "select only the other columns.")
    {
        Path = path;
        Column = column;
        FileType = fileType;
    }

    public string Path { get; }

    public string Column { get; }

    /// <summary>The column's type as the file declares it.</summary>
    public string FileType { get; }
}
