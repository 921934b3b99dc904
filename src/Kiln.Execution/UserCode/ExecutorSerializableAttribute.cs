namespace Kiln.Execution.UserCode;

/// <summary>
/// Marks a Kiln type whose instances user lambdas may capture: it is sent by its fields (skipping
/// <see cref="NonSerializedAttribute"/> ones). Broadcast and accumulator handles carry it; other Kiln types
/// (session, DataFrame) exist only on the driver and are refused.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ExecutorSerializableAttribute : Attribute
{
}
