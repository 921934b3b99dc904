using Kiln.Common.Batches;
using Kiln.Common.Config;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Scheduler.Events;

namespace Kiln;

/// <summary>
/// The entry point of a Kiln application: holds the configuration and the driver (scheduler, planner, local
/// directory), reads data into DataFrames and runs their actions. With the default master <c>local[*]</c>
/// everything runs in this process on one task thread per core, through the same scheduler and shuffle a
/// cluster uses.
/// </summary>
/// <remarks>Create one per application and dispose it at the end: that stops the task threads and removes the shuffle and spill files.</remarks>
public sealed partial class KilnSession : IDisposable, IAsyncDisposable
{
    private readonly bool _ownsEngine;

    private KilnSession(KilnConf conf, ExecutionEngine engine, bool ownsEngine = true)
    {
        Conf = conf;
        Engine = engine;
        _ownsEngine = ownsEngine;
    }

    public KilnConf Conf { get; }

    internal ExecutionEngine Engine { get; }

    public string AppId => Engine.AppId;

    /// <summary>Task slots (N of local[N], E×C of local-cluster[E,C,M]); also the default number of partitions for file scans.</summary>
    public int DefaultParallelism => Engine.Threads;

    /// <summary>Receives stage and task progress (for progress bars and logs).</summary>
    public IJobListener? Listener
    {
        get => Engine.Listener;
        set => Engine.Listener = value;
    }

    /// <summary>Summed task metrics of the last job this session ran: rows, shuffle bytes, spill count and bytes, peak task memory.</summary>
    public Execution.Physical.TaskMetrics LastJobMetrics => Engine.LastJobMetrics;

    /// <summary>The address of this application's web UI (pages, /api/v1, /metrics); null when kiln.ui.enabled is false.</summary>
    public string? UiWebUrl => Engine.Monitor?.Ui?.Url;

    public static KilnSessionBuilder Builder() => new();

    /// <summary>A session with the given configuration (validated when each key was set); blocks until its executors are up.</summary>
    public static KilnSession Create(KilnConf? conf = null) => CreateAsync(conf).GetAwaiter().GetResult();

    /// <summary>
    /// Starts a session: on a cluster master this waits until enough executors have registered (on Kubernetes that can
    /// take minutes while pods are scheduled and images pulled); cancelling stops the start and removes what it made.
    /// </summary>
    public static async Task<KilnSession> CreateAsync(KilnConf? conf = null, CancellationToken cancellationToken = default)
    {
        conf ??= new KilnConf();
        var engine = await ExecutionEngine.StartAsync(conf, cancellationToken).ConfigureAwait(false);
        return new KilnSession(conf, engine);
    }

    public DataFrameReader Read => new(this);

    /// <summary>A DataFrame of in-memory rows; each row's values are CLR objects matching <paramref name="schema"/>.</summary>
    public DataFrame CreateDataFrame(Schema schema, IEnumerable<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rows);
        var batchSize = Conf.Get(ConfigKeys.BatchSize);
        var batches = new List<RecordBatch>();
        var builders = schema.Fields.Select(f => VectorBuilder.Create(f.Type)).ToArray();
        var count = 0;
        var rowNumber = 0;
        foreach (var row in rows)
        {
            rowNumber++;
            if (row.Length != schema.Count)
            {
                throw new ArgumentException($"row {rowNumber} has {row.Length} values but the schema has {schema.Count} columns ({schema.ToDdl()})", nameof(rows));
            }

            for (var c = 0; c < row.Length; c++)
            {
                try
                {
                    builders[c].AppendValue(row[c]);
                }
                catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
                {
                    throw new ArgumentException($"row {rowNumber}, column '{schema[c].Name}': {row[c]} ({row[c]?.GetType().Name}) is not a valid {schema[c].Type}", nameof(rows), e);
                }
            }

            if (++count == batchSize)
            {
                batches.Add(new RecordBatch(schema, builders.Select(b => b.Build()).ToArray(), count));
                count = 0;
            }
        }

        if (count > 0 || batches.Count == 0)
        {
            batches.Add(new RecordBatch(schema, builders.Select(b => b.Build()).ToArray(), count));
        }

        var attributes = schema.Fields.Select(f => new AttributeRef(f.Name, ExprIds.Next(), f.Type, f.Nullable)).ToArray();
        return new DataFrame(this, new LocalRelation(attributes, batches));
    }

    public DataFrame CreateDataFrame(Schema schema, params object?[][] rows) => CreateDataFrame(schema, (IEnumerable<object?[]>)rows);

    /// <summary>
    /// A single bigint column <c>id</c> with the values start, start+step, ... before end, as Spark's range. Nothing is
    /// materialized: each partition generates its own slice when it runs. The partitions are the default parallelism,
    /// but at most one per batch of ids (kiln.batch.size).
    /// </summary>
    public DataFrame Range(long start, long end, long step = 1) => NewRange(start, end, step, null);

    /// <summary>As <see cref="Range(long, long, long)"/>, split into <paramref name="numPartitions"/> partitions of (nearly) equal size.</summary>
    public DataFrame Range(long start, long end, long step, int numPartitions) => NewRange(start, end, step, numPartitions);

    /// <remarks><see cref="RangeRelation"/> refuses a step of 0 and fewer than 1 partition.</remarks>
    private DataFrame NewRange(long start, long end, long step, int? numPartitions) =>
        new(this, new RangeRelation(start, end, step, numPartitions, new AttributeRef("id", ExprIds.Next(), DataType.Int64, false)));

    public DataFrame Range(long end) => Range(0, end);

    /// <summary>
    /// A session on the same engine (executors, cached data, broadcasts) with its own temporary views, functions and a
    /// copy of the configuration, as Spark's <c>newSession</c>. Disposing it leaves the engine running: the session that
    /// started the engine stops it.
    /// </summary>
    public KilnSession NewSession() => new(Conf.Clone(), Engine, ownsEngine: false);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops the engine (executors, task threads, shuffle and spill files), unless this session came from <see cref="NewSession"/>.</summary>
    public ValueTask DisposeAsync() => _ownsEngine ? Engine.DisposeAsync() : ValueTask.CompletedTask;
}
