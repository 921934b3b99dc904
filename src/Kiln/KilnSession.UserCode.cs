namespace Kiln;

public sealed partial class KilnSession
{
    /// <summary>Named user-defined functions, callable from SQL.</summary>
    public UdfRegistration Udf { get; } = new();
}
