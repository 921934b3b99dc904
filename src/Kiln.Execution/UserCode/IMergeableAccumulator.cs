namespace Kiln.Execution.UserCode;

/// <summary>The driver's side of an accumulator: merges the partial values tasks report.</summary>
/// <remarks>Merges may arrive concurrently from several scheduler threads.</remarks>
public interface IMergeableAccumulator
{
    long Id { get; }

    void Merge(object? partial);
}
