using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Hashing;
using Kiln.Execution.Physical;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Base of the key-group runners. Its input is sorted by the key columns (the last ones), so each run of equal keys
/// is one group: the values are decoded into a list, the key once, and <see cref="Emit"/> produces the outputs.
/// </summary>
internal abstract class GroupRunner<TKey, TIn, TOut>(string operation, string source) : ObjectRunner(operation, source)
{
    public override IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context)
    {
        var keyCount = ObjectLayout.For(typeof(TKey)).Leaves.Count;
        var valueCount = inputSchema.Count - keyCount;
        var values = ObjectCodec<TIn>.For(Types(inputSchema, 0, valueCount));
        var keys = ObjectCodec<TKey>.For(Types(inputSchema, valueCount, keyCount));
        var keyOrdinals = Enumerable.Range(valueCount, keyCount).ToArray();
        var appender = new BatchAppender<TOut>(outputSchema, context.BatchSize);
        RecordBatch? groupBatch = null;
        var groupRow = 0;
        var group = new List<TIn>();
        foreach (var batch in input)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                if (groupBatch is not null && !RowEquality.KeysEqual(groupBatch, groupRow, keyOrdinals, batch, r, keyOrdinals, nullsEqual: true))
                {
                    foreach (var output in Finish(keys.Read(groupBatch.Columns, valueCount, groupRow), group, appender))
                    {
                        yield return output;
                    }

                    groupBatch = null;
                }

                if (groupBatch is null)
                {
                    (groupBatch, groupRow) = (batch, r);
                    group = [];
                }

                group.Add(values.Read(batch.Columns, 0, r));
            }
        }

        if (groupBatch is not null)
        {
            foreach (var output in Finish(keys.Read(groupBatch.Columns, valueCount, groupRow), group, appender))
            {
                yield return output;
            }
        }

        if (appender.Flush() is { } last)
        {
            yield return last;
        }
    }

    /// <summary>The outputs for one group.</summary>
    protected abstract IEnumerable<TOut> Emit(TKey key, List<TIn> values);

    private IEnumerable<RecordBatch> Finish(TKey key, List<TIn> values, BatchAppender<TOut> appender)
    {
        var outputs = Call(() => Emit(key, values).ToList(), key);
        foreach (var o in outputs)
        {
            appender.Add(o);
            if (appender.Full && appender.Flush() is { } full)
            {
                yield return full;
            }
        }
    }
}

internal sealed class MapGroupsRunner<TKey, TIn, TOut>(Func<TKey, IEnumerable<TIn>, TOut> lambda, string operation, string source)
    : GroupRunner<TKey, TIn, TOut>(operation, source)
{
    protected override IEnumerable<TOut> Emit(TKey key, List<TIn> values) => [lambda(key, values)];
}

internal sealed class FlatMapGroupsRunner<TKey, TIn, TOut>(Func<TKey, IEnumerable<TIn>, IEnumerable<TOut>> lambda, string operation, string source)
    : GroupRunner<TKey, TIn, TOut>(operation, source)
{
    protected override IEnumerable<TOut> Emit(TKey key, List<TIn> values) => lambda(key, values) ?? [];
}

internal sealed class ReduceGroupsRunner<TKey, TIn>(Func<TIn, TIn, TIn> lambda, string operation, string source)
    : GroupRunner<TKey, TIn, (TKey, TIn)>(operation, source)
{
    protected override IEnumerable<(TKey, TIn)> Emit(TKey key, List<TIn> values) => [(key, values.Aggregate(lambda))];
}
