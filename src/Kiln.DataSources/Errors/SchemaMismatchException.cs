using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>Two input files disagree about a column (its type, or whether it exists) and the schemas cannot be used together.</summary>
public sealed class SchemaMismatchException : KilnException
{
    public SchemaMismatchException(string column, string path, string type, string otherPath, string otherType, bool mergeSchema)
        : base($"Column '{column}' is {type} in '{path}' but {otherType} in '{otherPath}'; " +
            (mergeSchema
                ? "these types cannot be merged. Rewrite one of the files with a common type, or read them separately."
                : "the input files have different schemas. Set the option mergeSchema=true to read the union of their columns, or read them separately."))
    {
        Column = column;
        Path = path;
        Type = type;
        OtherPath = otherPath;
        OtherType = otherType;
    }

    public string Column { get; }

    public string Path { get; }

    public string Type { get; }

    public string OtherPath { get; }

    public string OtherType { get; }
}
