using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Physical;

namespace Kiln.Execution.UserCode;

/// <summary><c>Select</c>: one output per input row.</summary>
internal sealed class MapRunner<TIn, TOut>(Func<TIn, TOut> lambda, string operation, string source) : ObjectRunner(operation, source)
{
    public override IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context)
    {
        var decoder = ObjectCodec<TIn>.For(Types(inputSchema, 0, inputSchema.Count));
        var appender = new BatchAppender<TOut>(outputSchema, int.MaxValue);
        foreach (var batch in input)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                var item = decoder.Read(batch.Columns, 0, r);
                appender.Add(Call(() => lambda(item), item));
            }

            if (appender.Flush() is { } output)
            {
                yield return output;
            }
        }
    }
}

/// <summary><c>Where</c>: keeps the rows the predicate accepts, columns untouched.</summary>
internal sealed class FilterRunner<T>(Func<T, bool> predicate, string operation, string source) : ObjectRunner(operation, source)
{
    public override IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context)
    {
        var decoder = ObjectCodec<T>.For(Types(inputSchema, 0, inputSchema.Count));
        var kept = new List<int>();
        foreach (var batch in input)
        {
            kept.Clear();
            for (var r = 0; r < batch.RowCount; r++)
            {
                var item = decoder.Read(batch.Columns, 0, r);
                if (Call(() => predicate(item), item))
                {
                    kept.Add(r);
                }
            }

            if (kept.Count == batch.RowCount && batch.RowCount > 0)
            {
                yield return batch;
            }
            else if (kept.Count > 0)
            {
                yield return batch.Gather(kept.ToArray());
            }
        }
    }
}

/// <summary><c>ForEach</c>: calls the action per row and outputs nothing.</summary>
internal sealed class ForEachRunner<T>(Action<T> action, string operation, string source) : ObjectRunner(operation, source)
{
    public override IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context)
    {
        var decoder = ObjectCodec<T>.For(Types(inputSchema, 0, inputSchema.Count));
        foreach (var batch in input)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                var item = decoder.Read(batch.Columns, 0, r);
                Call(() =>
                {
                    action(item);
                    return true;
                }, item);
            }
        }

        yield break;
    }
}

/// <summary><c>SelectMany</c>: any number of outputs per input row.</summary>
internal sealed class FlatMapRunner<TIn, TOut>(Func<TIn, IEnumerable<TOut>> lambda, string operation, string source) : ObjectRunner(operation, source)
{
    public override IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context)
    {
        var decoder = ObjectCodec<TIn>.For(Types(inputSchema, 0, inputSchema.Count));
        var appender = new BatchAppender<TOut>(outputSchema, context.BatchSize);
        foreach (var batch in input)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                var item = decoder.Read(batch.Columns, 0, r);
                var results = Call(() => lambda(item)?.ToList() ?? [], item);
                foreach (var result in results)
                {
                    appender.Add(result);
                    if (appender.Full && appender.Flush() is { } full)
                    {
                        yield return full;
                    }
                }
            }
        }

        if (appender.Flush() is { } last)
        {
            yield return last;
        }
    }
}

/// <summary><c>MapPartitions</c>: the lambda consumes the partition as a lazy sequence of objects.</summary>
internal sealed class MapPartitionsRunner<TIn, TOut>(Func<IEnumerable<TIn>, IEnumerable<TOut>> lambda, string operation, string source) : ObjectRunner(operation, source)
{
    public override IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context)
    {
        var decoder = ObjectCodec<TIn>.For(Types(inputSchema, 0, inputSchema.Count));
        var appender = new BatchAppender<TOut>(outputSchema, context.BatchSize);
        var objects = input.SelectMany(b => Enumerable.Range(0, b.RowCount).Select(r => decoder.Read(b.Columns, 0, r)));
        using var results = Call(() => lambda(objects).GetEnumerator(), "(partition)");
        while (Call(results.MoveNext, "(partition)"))
        {
            appender.Add(results.Current);
            if (appender.Full && appender.Flush() is { } full)
            {
                yield return full;
            }
        }

        if (appender.Flush() is { } last)
        {
            yield return last;
        }
    }
}

/// <summary>Appends the columns of each row's key (for grouping and joining by a key selector).</summary>
internal sealed class AppendColumnsRunner<TIn, TKey>(Func<TIn, TKey> selector, string operation, string source) : ObjectRunner(operation, source)
{
    public override IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context)
    {
        var valueCount = inputSchema.Count;
        var decoder = ObjectCodec<TIn>.For(Types(inputSchema, 0, valueCount));
        var keys = ObjectCodec<TKey>.For(Types(outputSchema, valueCount, outputSchema.Count - valueCount));
        foreach (var batch in input)
        {
            var builders = keys.NewBuilders(batch.RowCount);
            for (var r = 0; r < batch.RowCount; r++)
            {
                var item = decoder.Read(batch.Columns, 0, r);
                keys.Write(Call(() => selector(item), item), builders, 0);
            }

            yield return new RecordBatch(outputSchema, [.. batch.Columns, .. builders.Select(b => b.Build())], batch.RowCount);
        }
    }
}
