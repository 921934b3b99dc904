using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kiln.Common.Batches;
using Kiln.Common.Compression;
using Kiln.Common.Config;
using Kiln.Common.Ipc;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Memory;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Network;
using Kiln.Network.Blocks;
using Kiln.Network.Transport;

namespace Kiln.Cli.Commands;

/// <summary>
/// The two halves of the shuffle throughput benchmark (bench/shuffle-throughput.sh), run as separate processes:
/// <code>
///   kiln bench shuffle-serve --dir DIR [--mb 1024] [--maps 16] [--partitions 8] [--codec lz4] [--tls false]
///       writes lineitem-like map outputs with the real ShuffleWriter, serves them with a BlockTransferServer on
///       loopback, writes DIR/manifest.json and waits until it is killed
///   kiln bench shuffle-fetch --manifest DIR/manifest.json [--tasks 2] [--decode frames|batches] [--max-in-flight 48m]
///       reads every reduce partition through NetworkBlockFetcher with TASKS concurrent reduce tasks, decompresses
///       every frame (and with --decode batches also deserializes the batches) and prints MB/s of uncompressed data
/// </code>
/// </summary>
public static class ShuffleBenchCommand
{
    private const int ShuffleId = 0;
    private const string ServerExecutor = "bench-server";

    private static readonly Schema Schema = new(
        new Field("l_orderkey", DataType.Int64, false),
        new Field("l_partkey", DataType.Int64, false),
        new Field("l_quantity", DataType.Int32, false),
        new Field("l_extendedprice", DataType.Decimal(12, 2), false),
        new Field("l_shipmode", DataType.String, false),
        new Field("l_comment", DataType.String, false));

    private static readonly string[] ShipModes = ["AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"];

    private static readonly string[] Words =
    [
        "furiously", "carefully", "quickly", "blithely", "slyly", "fluffily", "final", "regular", "express", "ironic",
        "pending", "special", "bold", "even", "silent", "unusual", "packages", "requests", "accounts", "deposits",
        "foxes", "ideas", "theodolites", "pinto", "beans", "instructions", "dependencies", "excuses", "platelets", "asymptotes",
        "courts", "dolphins", "sleep", "wake", "haggle", "nag", "use", "boost", "affix", "detect",
    ];

    public static bool Handles(string query) => query is "shuffle-serve" or "shuffle-fetch";

    public static int Run(string query, CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        return query == "shuffle-serve" ? Serve(cli, output) : Fetch(cli, output);
    }

    private static int Serve(CliArgs cli, TextWriter output)
    {
        cli.Allow("--dir", "--mb", "--maps", "--partitions", "--codec", "--tls");
        var dir = Path.GetFullPath(cli.Option("--dir") ?? throw new CliUsageException("shuffle-serve needs --dir DIR for the shuffle files"));
        var megabytes = IntOption(cli, "--mb", 1024);
        var maps = IntOption(cli, "--maps", 16);
        var partitions = IntOption(cli, "--partitions", 8);
        var codec = (SpillCodec)CompressionCodecs.ForName(cli.Option("--codec") ?? "lz4").Id;
        var tls = ConfigParsers.ParseBool(cli.Option("--tls") ?? "false");
        Directory.CreateDirectory(dir);

        using var disk = new DiskBlockManager(dir, "bench");
        var clock = Stopwatch.StartNew();
        var rowsPerMap = RowsFor((long)megabytes << 20, maps);
        var sizes = new List<long[]>();
        for (var m = 0; m < maps; m++)
        {
            sizes.Add(WriteMap(disk, m, partitions, rowsPerMap, codec));
        }

        var secret = NetworkSecret.Generate();
        string? certFile = null;
        TlsSettings? tlsSettings = null;
        if (tls)
        {
            using var certificate = TlsSettings.CreateSelfSigned("CN=kiln-bench", TimeSpan.FromDays(1));
            certFile = Path.Combine(dir, "bench.crt");
            var keyFile = Path.Combine(dir, "bench.key");
            TlsSettings.WritePemFiles(certificate, certFile, keyFile);
            tlsSettings = TlsSettings.FromPemFiles(certFile, keyFile, null);
        }

        var options = new NetworkOptions { Secret = secret, Tls = tlsSettings };
        var server = BlockTransferServer.Start(new ShuffleBlockSource(disk), new NetworkAddress("127.0.0.1", 0), options);
        var manifest = new Manifest(server.Address.ToString(), secret.Text, certFile, partitions, sizes);
        var manifestPath = Path.Combine(dir, "manifest.json");
        File.WriteAllText(manifestPath + ".tmp", JsonSerializer.Serialize(manifest));
        File.Move(manifestPath + ".tmp", manifestPath);
        output.WriteLine(FormattableString.Invariant(
            $"serving {maps} map outputs x {partitions} partitions ({sizes.Sum(s => s.Sum()) / 1e6:F0} MB on disk, codec {CompressionCodecs.ForId((byte)codec)}) at {server.Address}; written in {clock.ElapsedMilliseconds} ms"));
        output.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static int Fetch(CliArgs cli, TextWriter output)
    {
        cli.Allow("--manifest", "--tasks", "--decode", "--max-in-flight");
        var path = cli.Option("--manifest") ?? throw new CliUsageException("shuffle-fetch needs --manifest FILE (written by shuffle-serve)");
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path)) ?? throw new CliUsageException($"{path} is not a manifest");
        var tasks = IntOption(cli, "--tasks", 2);
        var batches = (cli.Option("--decode") ?? "frames") switch
        {
            "frames" => false,
            "batches" => true,
            var other => throw new CliUsageException($"--decode takes frames or batches, not '{other}'"),
        };
        var maxInFlight = ConfigParsers.ParseBytes(cli.Option("--max-in-flight") ?? "48m");

        var tls = manifest.CertFile is { } cert ? new TlsSettings(null, LoadTrust(cert)) : null;
        var options = new NetworkOptions { Secret = NetworkSecret.FromText(manifest.Secret), Tls = tls };
        var address = NetworkAddress.Parse(manifest.Address);
        var statuses = manifest.Sizes.Select((s, m) => (MapStatus?)new MapStatus(ShuffleId, m, ServerExecutor, s) { BlockServer = address }).ToArray();
        var scratch = Path.Combine(Path.GetTempPath(), "kiln-bench-fetch-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        using var disk = new DiskBlockManager(scratch, "bench");
        var client = new BlockTransferClient(options);
        var fetcher = new NetworkBlockFetcher("bench-reader", new LocalBlockFetcher(disk), client, new ShuffleFetchOptions { MaxBytesInFlight = maxInFlight });

        long raw = 0;
        long wire = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
        {
            int p;
            while ((p = Interlocked.Increment(ref next)) < manifest.Partitions)
            {
                var requests = new ShuffleReader(fetcher, Schema, ShuffleId, statuses, p).PlanRequests();
                var (rawBytes, wireBytes) = await ReadPartitionAsync(fetcher, requests, batches).ConfigureAwait(false);
                Interlocked.Add(ref raw, rawBytes);
                Interlocked.Add(ref wire, wireBytes);
            }
        })).ToArray();
        Task.WaitAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        output.WriteLine(FormattableString.Invariant(
            $"raw_mb={raw / 1e6:F0} wire_mb={wire / 1e6:F0} elapsed_ms={clock.ElapsedMilliseconds} raw_mb_per_s={raw / 1e6 / seconds:F0} wire_mb_per_s={wire / 1e6 / seconds:F0} tasks={tasks} decode={(batches ? "batches" : "frames")}"));
        return 0;
    }

    /// <summary>Fetches one partition's blocks and decodes every frame: decompressed, and deserialized when <paramref name="batches"/>.</summary>
    private static async Task<(long Raw, long Wire)> ReadPartitionAsync(NetworkBlockFetcher fetcher, IReadOnlyList<BlockRequest> requests, bool batches)
    {
        long raw = 0;
        long wire = 0;
        var header = new byte[BatchFrames.HeaderSize];
        var payload = new byte[1 << 20];
        var decoded = new byte[1 << 20];
        await foreach (var block in fetcher.FetchAsync(requests).ConfigureAwait(false))
        {
            using (block)
            {
                wire += block.Request.Size;
                while (block.Data.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length)
                {
                    var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header);
                    var rawLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                    var codec = CompressionCodecs.ForId(header[8]) ?? throw new InvalidDataException($"unknown codec {header[8]}");
                    EnsureLength(ref payload, payloadLength);
                    EnsureLength(ref decoded, rawLength);
                    block.Data.ReadExactly(payload, 0, payloadLength);
                    var bytes = payload;
                    if (codec.Id != 0)
                    {
                        codec.Decompress(payload.AsSpan(0, payloadLength), decoded.AsSpan(0, rawLength));
                        bytes = decoded;
                    }

                    if (batches)
                    {
                        using var stream = new MemoryStream(bytes, 0, rawLength, writable: false);
                        _ = BatchSerializer.Read(stream, Schema);
                    }

                    raw += rawLength;
                }
            }
        }

        return (raw, wire);
    }

    private static void EnsureLength(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }
    }

    private static long[] WriteMap(DiskBlockManager disk, int mapIndex, int partitions, long rows, SpillCodec codec)
    {
        using var memory = TaskMemoryManager.Unbounded();
        var options = new ShuffleWriterOptions { ExecutorId = ServerExecutor, BatchSize = 8192, Codec = codec };
        using var writer = new ShuffleWriter(ShuffleId, mapIndex, partitions, b => Partition(b, partitions), Schema, disk, memory, options);
        var rng = new Random(mapIndex);
        for (long start = 0; start < rows; start += 8192)
        {
            writer.Write(Batch(rng, (mapIndex * rows) + start, (int)Math.Min(8192, rows - start)));
        }

        return writer.Commit().PartitionSizes;
    }

    /// <summary>Rows per map task for about <paramref name="rawBytes"/> of serialized batches in total.</summary>
    private static long RowsFor(long rawBytes, int maps)
    {
        using var sample = new MemoryStream();
        BatchSerializer.Write(sample, Batch(new Random(0), 0, 8192));
        return Math.Max(1, rawBytes / maps * 8192 / sample.Length);
    }

    private static int[] Partition(RecordBatch batch, int partitions)
    {
        var keys = ((PrimitiveVector<long>)batch.Column(0)).Values;
        var ids = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            ids[i] = (int)(unchecked((ulong)keys[i] * 0x9E3779B97F4A7C15UL) % (ulong)partitions);
        }

        return ids;
    }

    private static RecordBatch Batch(Random rng, long firstRow, int rows)
    {
        var orderKeys = new PrimitiveVectorBuilder<long>(DataType.Int64, rows);
        var partKeys = new PrimitiveVectorBuilder<long>(DataType.Int64, rows);
        var quantities = new PrimitiveVectorBuilder<int>(DataType.Int32, rows);
        var prices = new PrimitiveVectorBuilder<Int128>(DataType.Decimal(12, 2), rows);
        var modes = new StringVectorBuilder(rows);
        var comments = new StringVectorBuilder(rows);
        var modeBytes = ShipModes.Select(Encoding.ASCII.GetBytes).ToArray();
        var wordBytes = Words.Select(Encoding.ASCII.GetBytes).ToArray();
        Span<byte> comment = stackalloc byte[128];
        for (var i = 0; i < rows; i++)
        {
            var row = firstRow + i;
            orderKeys.Append((row / 4) + 1);
            partKeys.Append(rng.NextInt64(1, 200_000));
            var quantity = rng.Next(1, 51);
            quantities.Append(quantity);
            prices.Append(quantity * (Int128)rng.Next(90_000, 110_000));
            modes.Append(modeBytes[rng.Next(modeBytes.Length)]);
            var length = 0;
            for (var w = rng.Next(3, 7); w > 0; w--)
            {
                var word = wordBytes[rng.Next(wordBytes.Length)];
                word.CopyTo(comment[length..]);
                length += word.Length;
                comment[length++] = (byte)' ';
            }

            comments.Append(comment[..(length - 1)]);
        }

        return new RecordBatch(Schema, [orderKeys.Build(), partKeys.Build(), quantities.Build(), prices.Build(), modes.Build(), comments.Build()], rows);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection LoadTrust(string certFile)
    {
        var trusted = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        trusted.ImportFromPemFile(certFile);
        return trusted;
    }

    private static int IntOption(CliArgs cli, string name, int fallback)
    {
        var text = cli.Option(name);
        return text is null ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
            : throw new CliUsageException($"{name} takes a positive whole number, not '{text}'");
    }

    /// <summary>What shuffle-serve tells shuffle-fetch: where to connect, the secret, and each map output's partition sizes.</summary>
    private sealed record Manifest(string Address, string Secret, string? CertFile, int Partitions, List<long[]> Sizes);
}
