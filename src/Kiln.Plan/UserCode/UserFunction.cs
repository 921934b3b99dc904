using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.UserCode;

/// <summary>
/// A user-defined scalar function: a serialized C# lambda (see the execution layer's <c>ClosureSerializer</c>)
/// with its parameter and result column types. Calls to it are <see cref="UserFunctionCall"/> expressions.
/// </summary>
/// <param name="Name">The name shown in plans and used by SQL (<c>udf</c> when unnamed).</param>
/// <param name="Source">Where the lambda was written, for messages: <c>lambda in Program.Main</c>.</param>
/// <param name="Closure">The serialized lambda.</param>
/// <remarks>Immutable. Equality is by reference to the closure bytes: two registrations are two functions.</remarks>
public sealed record UserFunction(string Name, string Source, byte[] Closure, IReadOnlyList<UdfParameter> Parameters, DataType ReturnType, bool ReturnNullable)
{
    /// <summary>An unresolved call; the resolver checks and casts the arguments.</summary>
    public UserFunctionCall Call(IReadOnlyList<Expr> args) => new(this, args);

    public bool Equals(UserFunction? other) => ReferenceEquals(this, other) || (other is not null && ReferenceEquals(Closure, other.Closure) && Name == other.Name);

    public override int GetHashCode() => HashCode.Combine(Name, Closure.Length);
}
