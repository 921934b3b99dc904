namespace Kiln.Execution.UserCode;

/// <summary>A NULL column value was about to be stored in a member or parameter of a non-nullable value type.</summary>
public sealed class NullValueException : InvalidOperationException
{
    public NullValueException(string target, Type type)
        : base($"{target} cannot hold NULL because it is {ClrTypes.Name(type)}; declare it {ClrTypes.Name(type)}? to accept NULLs")
    {
        Target = target;
    }

    /// <summary>The member or parameter that would have received the NULL.</summary>
    public string Target { get; }
}
