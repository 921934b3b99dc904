using Kiln.Common.Types;

namespace Kiln.Plan.UserCode;

/// <summary>One parameter of a <see cref="UserFunction"/>: its column type and whether the lambda wants NULLs passed in.</summary>
/// <param name="AcceptsNull">False when the parameter is a non-nullable value type or a non-nullable reference: a NULL argument then gives a NULL result without calling the lambda.</param>
/// <param name="ClrName">The C# type, for messages (<c>int?</c>).</param>
public sealed record UdfParameter(DataType Type, bool AcceptsNull, string ClrName);
