using Kiln.Common.Errors;

namespace Kiln.Execution.UserCode;

/// <summary>A CLR type cannot be stored as Dataset rows or used as a UDF parameter or result; the message says which member and why.</summary>
public sealed class DatasetTypeException : KilnException
{
    public DatasetTypeException(Type type, string message)
        : base(message) => TypeName = type?.FullName ?? string.Empty;

    public string TypeName { get; }
}
