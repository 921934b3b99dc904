namespace Kiln.Tests;

/// <summary>
/// The configurations every engine query test runs under: one thread and one partition; several threads and
/// partitions with tiny batches; and a memory budget so small that sorts, aggregations and join build sides spill.
/// </summary>
public static class EngineConfig
{
    public static TheoryData<string> All => new() { "single", "partitioned", "spilling" };

    public static KilnSession Create(string name) => name switch
    {
        "single" => KilnSession.Builder().Master("local[1]").Config("kiln.sql.shuffle.partitions", "1").Config("kiln.sql.autoBroadcastJoinThreshold", "-1").GetOrCreate(),
        "partitioned" => KilnSession.Builder().Master("local[2]").Config("kiln.sql.shuffle.partitions", "5").Config("kiln.batch.size", "37").GetOrCreate(),
        "spilling" => KilnSession.Builder().Master("local[2]").Config("kiln.sql.shuffle.partitions", "3").Config("kiln.batch.size", "64")
            .Config("kiln.task.memory", "64k").Config("kiln.sql.autoBroadcastJoinThreshold", "-1").GetOrCreate(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
