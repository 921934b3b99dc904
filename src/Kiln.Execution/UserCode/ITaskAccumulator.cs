namespace Kiln.Execution.UserCode;

/// <summary>A task's own copy of an accumulator (created when its lambda is deserialized); it adds locally and reports at the end.</summary>
public interface ITaskAccumulator
{
    long Id { get; }

    /// <summary>The copy's partial value, serialized for the driver's merge.</summary>
    byte[] SerializeLocalValue();
}
