using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Tasks;

/// <summary>What a task does with the batches its plan fragment produces.</summary>
public abstract record TaskOutput;

/// <summary>Serializes the batches and returns them to the driver (collect, take, show, count).</summary>
public sealed record CollectOutput : TaskOutput;

/// <summary>Partitions the batches and writes them as this map task's shuffle output.</summary>
public sealed record ShuffleOutput(int ShuffleId, Partitioning Partitioning) : TaskOutput;

/// <summary>
/// Writes the batches as files of a job's output through the commit protocol; with <see cref="PartitionColumns"/>, into
/// one <c>col=value/</c> directory per distinct value (those columns are not written into the files).
/// </summary>
public sealed record WriteFilesOutput(string Path, string Format, IReadOnlyDictionary<string, string> Options, string JobId) : TaskOutput
{
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];
}

/// <summary>Returns a uniform sample of the sort-key values, for computing range partition bounds.</summary>
public sealed record SampleOutput(IReadOnlyList<SortOrder> Order, int SampleSize) : TaskOutput;
