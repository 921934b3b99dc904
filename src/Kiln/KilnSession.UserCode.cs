using Kiln.Execution.UserCode;

namespace Kiln;

public sealed partial class KilnSession
{
    /// <summary>Named user-defined functions, callable from SQL.</summary>
    public UdfRegistration Udf { get; } = new();

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
