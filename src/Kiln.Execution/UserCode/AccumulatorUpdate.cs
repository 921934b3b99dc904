namespace Kiln.Execution.UserCode;

/// <summary>One accumulator's partial value from one successful task, sent back with its <see cref="Tasks.TaskResult"/>.</summary>
/// <param name="Value">The partial value in the closure value format (see <see cref="ValueWriter"/>).</param>
public sealed record AccumulatorUpdate(long Id, byte[] Value);
