using Kiln.Common.Batches;
using Kiln.Common.Config;
using Kiln.Execution.UserCode;
using Kiln.Plan.Logical;
using Kiln.UserCode;

namespace Kiln;

public sealed partial class KilnSession
{
    /// <summary>Named user-defined functions, callable from SQL.</summary>
    public UdfRegistration Udf { get; } = new();

    /// <summary>
    /// A Dataset of in-memory objects, laid out as columns by <see cref="ObjectLayout"/> (records and classes by
    /// member, scalars as one column <c>value</c>). The objects are converted now and travel inside the plan.
    /// </summary>
    public Dataset<T> CreateDataset<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var codec = ObjectCodec<T>.Default;
        var attributes = DatasetPlans.Attributes(typeof(T));
        var schema = codec.Layout.Schema;
        var batchSize = Conf.Get(ConfigKeys.BatchSize);
        var batches = new List<RecordBatch>();
        var builders = codec.NewBuilders(Math.Min(batchSize, 1024));
        var rows = 0;
        foreach (var item in items)
        {
            codec.Write(item, builders, 0);
            if (++rows == batchSize)
            {
                batches.Add(new RecordBatch(schema, builders.Select(b => b.Build()).ToArray(), rows));
                rows = 0;
            }
        }

        if (rows > 0 || batches.Count == 0)
        {
            batches.Add(new RecordBatch(schema, builders.Select(b => b.Build()).ToArray(), rows));
        }

        return new Dataset<T>(this, new LocalRelation(attributes, batches));
    }

    /// <summary>Ships <paramref name="value"/> once to each executor; see <see cref="Broadcast{T}"/>.</summary>
    /// <exception cref="ClosureNotSerializableException">The value holds something that cannot be sent to executors.</exception>
    public Broadcast<T> Broadcast<T>(T value)
    {
        var bytes = ClosureSerializer.SerializeValue(value, "broadcast value");
        var id = Engine.UserCode.Broadcasts.Add(bytes);
        return new Broadcast<T>(id, value, Engine.UserCode);
    }

    /// <summary>A counter that tasks add to; see <see cref="Accumulator"/>.</summary>
    public LongAccumulator LongAccumulator(string? name = null) => Register(new LongAccumulator(name));

    public DoubleAccumulator DoubleAccumulator(string? name = null) => Register(new DoubleAccumulator(name));

    public CollectionAccumulator<T> CollectionAccumulator<T>(string? name = null) => Register(new CollectionAccumulator<T>(name));

    private T Register<T>(T accumulator)
        where T : Accumulator
    {
        Engine.UserCode.Accumulators.Register(accumulator);
        return accumulator;
    }
}
