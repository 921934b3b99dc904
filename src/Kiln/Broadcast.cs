using Kiln.Execution.UserCode;

namespace Kiln;

/// <summary>
/// A read-only value shipped to each executor once, instead of with every task: capture the handle in a lambda and
/// read <see cref="Value"/> there. The value is serialized once on the driver when created (a value that cannot be
/// sent is refused then); each executor fetches and deserializes it on first use and shares it between its tasks,
/// so treat it as immutable.
/// </summary>
/// <remarks>
/// <see cref="Unpersist"/> drops the executors' copies (they fetch again if used); <see cref="Destroy"/> also
/// forgets the value, after which reading it fails. Thread-safe.
/// </remarks>
[ExecutorSerializable]
public sealed class Broadcast<T>
{
    private readonly long _id;

    [NonSerialized]
    private readonly T _value = default!;

    [NonSerialized]
    private readonly UserCodeDriver? _driver;

    internal Broadcast(long id, T value, UserCodeDriver driver)
    {
        _id = id;
        _value = value;
        _driver = driver;
    }

    public long Id => _id;

    /// <summary>The value: the original on the driver, this executor's copy in a task.</summary>
    public T Value
    {
        get
        {
            if (_driver is not null)
            {
                return _driver.Broadcasts.Contains(_id) ? _value : throw new BroadcastNotFoundException(_id);
            }

            var task = UserCodeTaskScope.Current
                ?? throw new InvalidOperationException($"broadcast {_id} was deserialized outside a task and cannot be read");
            return (T)task.Environment.Broadcasts.Get(_id, task.Environment.Loader)!;
        }
    }

    /// <summary>Drops the executors' copies; a later job fetches the value again.</summary>
    public void Unpersist() => Driver.UnpersistBroadcast(_id);

    /// <summary>Forgets the value everywhere; jobs that read it afterwards fail.</summary>
    public void Destroy() => Driver.DestroyBroadcast(_id);

    public override string ToString() => $"Broadcast({_id})";

    private UserCodeDriver Driver => _driver ?? throw new InvalidOperationException("a broadcast can be unpersisted or destroyed only on the driver");
}
