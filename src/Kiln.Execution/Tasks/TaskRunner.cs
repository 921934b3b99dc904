using Kiln.Common.Batches;
using Kiln.Common.Ipc;
using Kiln.Common.Types;
using Kiln.Execution.Expressions;
using Kiln.Execution.Hashing;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Sort;

namespace Kiln.Execution.Tasks;

/// <summary>
/// Runs one task attempt on an executor: decodes the payload, executes the plan fragment for the task's
/// partition and delivers the output (collected bytes, shuffle files, committed output files or a sample).
/// Every failure is reported in the <see cref="TaskResult"/>; nothing is thrown to the caller.
/// </summary>
public static class TaskRunner
{
    public static TaskResult Run(TaskDescription task, ExecutorEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(environment);
        TaskContext? context = null;
        UserCode.UserCodeTaskScope? userCode = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var (fragment, output) = TaskPayload.Read(task.Payload);
            context = new TaskContext(task.StageId, task.Partition, task.Attempt, environment.Conf, environment.Disk, environment.ShuffleInput, cancellationToken);
            if (output is not SampleOutput)
            {
                context.Operators = new OperatorMetricsSet(fragment);
            }

            userCode = UserCode.UserCodeTaskScope.Enter(task.StageId, task.Partition, task.Attempt, environment.ExecutorId, environment.UserCode);
            var result = new TaskResult(task.TaskId, TaskOutcome.Succeeded, context.Metrics, environment.ExecutorId);
            return userCode.Complete(output switch
            {
                CollectOutput => result with { Data = Collect(fragment, context) },
                ShuffleOutput s => result with { MapStatus = WriteShuffle(fragment, s, context, environment) },
                WriteFilesOutput w => result with { CommittedFiles = FileWriteTask.Run(fragment, w, context) },
                SampleOutput s => result with { Data = Sample(fragment, s, context) },
                _ => throw new NotSupportedException(output.GetType().Name),
            });
        }
        catch (FetchFailedException e)
        {
            return new TaskResult(task.TaskId, TaskOutcome.FetchFailed, context?.Metrics ?? new TaskMetrics(), environment.ExecutorId) { Error = e };
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            return new TaskResult(task.TaskId, TaskOutcome.Killed, context?.Metrics ?? new TaskMetrics(), environment.ExecutorId) { Error = e };
        }
        catch (Exception e)
        {
            return new TaskResult(task.TaskId, TaskOutcome.Failed, context?.Metrics ?? new TaskMetrics(), environment.ExecutorId) { Error = e };
        }
        finally
        {
            userCode?.Dispose();
            context?.Dispose();
            if (context is not null)
            {
                context.Metrics.RunTimeMs = (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                context.Metrics.Operators = context.Operators?.Complete();
            }
        }
    }

    private static byte[] Collect(ExecNode fragment, TaskContext context)
    {
        using var stream = new MemoryStream();
        foreach (var batch in fragment.Execute(context.Partition, context))
        {
            if (batch.RowCount > 0)
            {
                BatchSerializer.Write(stream, batch);
                context.Metrics.RowsWritten += batch.RowCount;
            }
        }

        return stream.ToArray();
    }

    private static MapStatus WriteShuffle(ExecNode fragment, ShuffleOutput output, TaskContext context, ExecutorEnvironment environment)
    {
        var partitioner = Partitioner(output.Partitioning, fragment.Schema);
        using var writer = new ShuffleWriter(
            output.ShuffleId,
            context.Partition,
            output.Partitioning.PartitionCount,
            partitioner,
            fragment.Schema,
            context.Disk,
            context.Memory,
            new ShuffleWriterOptions { ExecutorId = environment.ExecutorId, BlockServer = environment.BlockServer, BatchSize = context.BatchSize, Codec = context.SpillCodec });
        long writeTicks = 0;
        foreach (var batch in fragment.Execute(context.Partition, context))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            writer.Write(batch);
            writeTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        }

        var committing = System.Diagnostics.Stopwatch.GetTimestamp();
        var status = writer.Commit();
        writeTicks += System.Diagnostics.Stopwatch.GetTimestamp() - committing;
        context.Metrics.ShuffleWriteNanos += (long)(writeTicks * (1e9 / System.Diagnostics.Stopwatch.Frequency));
        context.Metrics.RowsWritten += writer.RowsWritten;
        context.Metrics.ShuffleBytesWritten += status.TotalBytes;
        return status;
    }

    private static Func<RecordBatch, int[]> Partitioner(Partitioning partitioning, Schema schema)
    {
        switch (partitioning)
        {
            case SinglePartitioning:
                return batch => new int[batch.RowCount];
            case HashPartitioning h:
                {
                    var keys = h.Keys.Select(ExpressionEvaluator.Compile).ToArray();
                    var hash = new HashPartitioner(Enumerable.Range(0, keys.Length).ToArray(), h.Count);
                    return batch => hash.PartitionIds(KeyBatch(keys, batch));
                }

            case RangePartitioning { Bounds: null }:
                return batch => new int[batch.RowCount];
            case RangePartitioning r:
                {
                    var keys = r.Order.Select(o => ExpressionEvaluator.Compile(o.Expr)).ToArray();
                    var range = new RangePartitioner(r.Bounds, SortKeys(r.Order));
                    return batch => range.PartitionIds(KeyBatch(keys, batch));
                }

            default:
                throw new NotSupportedException(partitioning.GetType().Name);
        }
    }

    /// <summary>Sort keys over a batch holding exactly the evaluated sort expressions, in order.</summary>
    public static IReadOnlyList<SortKeySpec> SortKeys(IReadOnlyList<Plan.Expressions.SortOrder> order) =>
        order.Select((o, i) => new SortKeySpec(i, o.Ascending, o.NullsFirst)).ToArray();

    private static RecordBatch KeyBatch(IPhysicalExpr[] keys, RecordBatch batch)
    {
        var columns = keys.Select(k => k.Evaluate(batch)).ToArray();
        var schema = new Schema(columns.Select((c, i) => new Field($"k{i}", c.Type)));
        return new RecordBatch(schema, columns, batch.RowCount);
    }

    private static byte[] Sample(ExecNode fragment, SampleOutput output, TaskContext context)
    {
        var keys = output.Order.Select(o => ExpressionEvaluator.Compile(o.Expr)).ToArray();
        var random = new Random(context.Partition);
        var reservoir = new List<(RecordBatch Batch, int Row)>(output.SampleSize);
        long seen = 0;
        foreach (var batch in fragment.Execute(context.Partition, context))
        {
            var keyBatch = KeyBatch(keys, batch);
            for (var r = 0; r < keyBatch.RowCount; r++, seen++)
            {
                if (reservoir.Count < output.SampleSize)
                {
                    reservoir.Add((keyBatch, r));
                }
                else
                {
                    var j = random.NextInt64(seen + 1);
                    if (j < output.SampleSize)
                    {
                        reservoir[(int)j] = (keyBatch, r);
                    }
                }
            }
        }

        using var stream = new MemoryStream();
        if (reservoir.Count > 0)
        {
            var schema = reservoir[0].Batch.Schema;
            var builders = schema.Fields.Select(f => Common.Vectors.VectorBuilder.Create(f.Type, reservoir.Count)).ToArray();
            foreach (var (batch, row) in reservoir)
            {
                for (var c = 0; c < builders.Length; c++)
                {
                    builders[c].AppendFrom(batch.Column(c), row);
                }
            }

            BatchSerializer.Write(stream, new RecordBatch(schema, builders.Select(b => b.Build()).ToArray(), reservoir.Count));
        }

        return stream.ToArray();
    }
}
