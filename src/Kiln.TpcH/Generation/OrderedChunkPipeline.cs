using System.Runtime.ExceptionServices;

namespace Kiln.TpcH.Generation;

/// <summary>
/// Generates the chunks of a <see cref="TableChunks"/> on several threads and appends them to the output streams
/// strictly in chunk order, so the files are the same whatever the thread count.
/// </summary>
/// <remarks>
/// <code>
///  workers:  take a permit ─> claim next chunk index ─> fill buffers ─> publish in slot[index mod window]
///  writer:   wait for slot[next] ─> write its buffers in order ─> return the permit
/// </code>
/// A worker takes its permit before it claims an index, so the chunk the writer waits for is always claimed and
/// at most <c>window</c> chunks are held in memory. The first failure stops every worker and is rethrown.
/// </remarks>
internal static class OrderedChunkPipeline
{
    public static long[] Run(TableChunks table, IReadOnlyList<Stream> outputs, int threads, CancellationToken cancellationToken)
    {
        var chunks = table.ChunkCount;
        var window = Math.Max(2, threads * 2);
        var slots = new (CsvBuffer[] Buffers, long[] Rows)?[window];
        using var permits = new SemaphoreSlim(window);
        var gate = new object();
        long nextChunk = -1;
        var stopped = false;
        ExceptionDispatchInfo? failure = null;

        void Work()
        {
            while (true)
            {
                try
                {
                    permits.Wait(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var chunk = Interlocked.Increment(ref nextChunk);
                if (Volatile.Read(ref stopped) || chunk >= chunks)
                {
                    return;
                }

                try
                {
                    var buffers = table.Outputs.Select(_ => new CsvBuffer(1 << 20)).ToArray();
                    var rows = table.WriteChunk(chunk, buffers);
                    lock (gate)
                    {
                        slots[chunk % window] = (buffers, rows);
                        Monitor.PulseAll(gate);
                    }
                }
                catch (Exception e)
                {
                    lock (gate)
                    {
                        failure ??= ExceptionDispatchInfo.Capture(e);
                        Monitor.PulseAll(gate);
                    }

                    return;
                }
            }
        }

        var workers = Enumerable.Range(0, threads)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        var totals = new long[table.Outputs.Count];
        try
        {
            for (long chunk = 0; chunk < chunks; chunk++)
            {
                (CsvBuffer[] Buffers, long[] Rows) done;
                lock (gate)
                {
                    while (slots[chunk % window] is null && failure is null)
                    {
                        Monitor.Wait(gate, 100);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    failure?.Throw();
                    done = slots[chunk % window]!.Value;
                    slots[chunk % window] = null;
                }

                for (var i = 0; i < done.Buffers.Length; i++)
                {
                    outputs[i].Write(done.Buffers[i].Written);
                    totals[i] += done.Rows[i];
                    done.Buffers[i].Dispose();
                }

                permits.Release();
            }
        }
        finally
        {
            Volatile.Write(ref stopped, true);
            permits.Release(threads);
            Task.WaitAll(workers, CancellationToken.None);
        }

        return totals;
    }
}
