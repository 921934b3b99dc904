using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Memory;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Network.Blocks;

namespace Kiln.Network.Tests.TestSupport;

/// <summary>
/// Executors on loopback for shuffle tests: each has its own local directory and a real block server. Map
/// outputs are written by the real ShuffleWriter; row i of map m has id m * rowsPerMap + i and goes to
/// partition id % partitions.
/// </summary>
public sealed class ShuffleCluster : IAsyncDisposable
{
    public static readonly Schema Schema = new(new Field("id", DataType.Int64, false), new Field("word", DataType.String));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kiln-net-tests-" + Guid.NewGuid().ToString("N"));

    public ShuffleCluster(int executors, NetworkOptions? options = null)
    {
        Options = options ?? TestNetwork.Options();
        for (var e = 0; e < executors; e++)
        {
            var disk = new DiskBlockManager(Path.Combine(_root, $"exec-{e}"), "app");
            var server = BlockTransferServer.Start(new ShuffleBlockSource(disk), TestNetwork.Loopback, Options);
            Executors.Add(new Executor($"exec-{e}", disk, server));
        }
    }

    public NetworkOptions Options { get; }

    public List<Executor> Executors { get; } = [];

    /// <summary>Writes <paramref name="mapsPerExecutor"/> map outputs on every executor; returns the statuses by map index.</summary>
    public MapStatus[] WriteShuffle(int shuffleId, int mapsPerExecutor, int partitions, int rowsPerMap, SpillCodec codec = SpillCodec.None, int wordLength = 12)
    {
        var statuses = new List<MapStatus>();
        for (var e = 0; e < Executors.Count; e++)
        {
            for (var k = 0; k < mapsPerExecutor; k++)
            {
                statuses.Add(WriteMap(Executors[e], shuffleId, statuses.Count, partitions, rowsPerMap, codec, wordLength));
            }
        }

        return [.. statuses];
    }

    public static MapStatus WriteMap(Executor executor, int shuffleId, int mapIndex, int partitions, int rowsPerMap, SpillCodec codec, int wordLength = 12)
    {
        using var memory = new TaskMemoryManager(long.MaxValue / 8);
        var options = new ShuffleWriterOptions { ExecutorId = executor.Id, BlockServer = executor.Server.Address, BatchSize = 1000, Codec = codec };
        using var writer = new ShuffleWriter(shuffleId, mapIndex, partitions, b => PartitionIds(b, partitions), Schema, executor.Disk, memory, options);
        for (var start = 0; start < rowsPerMap; start += 1000)
        {
            writer.Write(Batch((long)mapIndex * rowsPerMap + start, Math.Min(1000, rowsPerMap - start), wordLength));
        }

        return writer.Commit();
    }

    /// <summary>The ids every map writes to <paramref name="partition"/>, sorted.</summary>
    public static List<long> ExpectedIds(int maps, int partitions, int rowsPerMap, int partition) =>
        [.. Enumerable.Range(0, maps * rowsPerMap).Select(i => (long)i).Where(id => id % partitions == partition)];

    public static List<long> ReadIds(IBlockFetcher fetcher, IReadOnlyList<MapStatus> statuses, int shuffleId, int partition)
    {
        var reader = new ShuffleReader(fetcher, Schema, shuffleId, statuses, partition);
        var ids = new List<long>();
        foreach (var batch in reader.Read())
        {
            var column = (PrimitiveVector<long>)batch.Column(0);
            ids.AddRange(column.Values.ToArray());
        }

        ids.Sort();
        return ids;
    }

    public NetworkBlockFetcher Fetcher(Executor reader, BlockTransferClient client, ShuffleFetchOptions options) =>
        new(reader.Id, new LocalBlockFetcher(reader.Disk), client, options);

    private static int[] PartitionIds(RecordBatch batch, int partitions)
    {
        var ids = ((PrimitiveVector<long>)batch.Column(0)).Values;
        var result = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            result[i] = (int)(ids[i] % partitions);
        }

        return result;
    }

    private static RecordBatch Batch(long firstId, int rows, int wordLength)
    {
        var ids = new PrimitiveVectorBuilder<long>(DataType.Int64, rows);
        var words = new StringVectorBuilder(rows);
        var rng = new Random((int)firstId);
        Span<byte> word = stackalloc byte[wordLength];
        for (var i = 0; i < rows; i++)
        {
            ids.Append(firstId + i);
            for (var c = 0; c < word.Length; c++)
            {
                word[c] = (byte)('a' + rng.Next(c < 4 ? 26 : 3));
            }

            words.Append(word);
        }

        return new RecordBatch(Schema, [ids.Build(), words.Build()], rows);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var executor in Executors)
        {
            await executor.Server.DisposeAsync();
            executor.Disk.Dispose();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    public sealed record Executor(string Id, DiskBlockManager Disk, BlockTransferServer Server);
}
