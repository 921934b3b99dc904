using Kiln.Common.Errors;

namespace Kiln.Execution.UserCode;

/// <summary>
/// A lambda (or a broadcast or accumulator value) holds something that cannot be sent to executors. Raised on the
/// driver when the UDF, Dataset operation or broadcast is created, before any job runs.
/// </summary>
public sealed class ClosureNotSerializableException : KilnException
{
    public ClosureNotSerializableException(string owner, string fieldPath, string fieldType, string reason)
        : base($"{owner} captures field '{fieldPath}' of type {fieldType}, which cannot be sent to executors; {reason}")
    {
        Owner = owner;
        FieldPath = fieldPath;
        FieldType = fieldType;
    }

    /// <summary>What holds the value: "lambda in Program.Main", "broadcast value", ...</summary>
    public string Owner { get; }

    /// <summary>The captured variable and the fields followed to reach the value, as written in C# (<c>this.conn</c>).</summary>
    public string FieldPath { get; }

    /// <summary>The full name of the value's runtime type.</summary>
    public string FieldType { get; }
}
