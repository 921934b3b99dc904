namespace Kiln.Tests;

/// <summary>
/// The engine query tests' configurations (same names as in Kiln.Tests), each on a local cluster of real executor
/// processes: two executors and one partition; three executors, several partitions and tiny batches; and a task
/// memory so small that sorts, aggregations and join build sides spill on the executors.
/// </summary>
public static class EngineConfig
{
    public static TheoryData<string> All => new() { "single", "partitioned", "spilling" };

    public static KilnSession Create(string name) => name switch
    {
        "single" => KilnSession.Builder().Master("local-cluster[2,1,512]").Config("kiln.sql.shuffle.partitions", "1").Config("kiln.sql.autoBroadcastJoinThreshold", "-1").GetOrCreate(),
        "partitioned" => KilnSession.Builder().Master("local-cluster[3,1,512]").Config("kiln.sql.shuffle.partitions", "5").Config("kiln.batch.size", "37").GetOrCreate(),
        "spilling" => KilnSession.Builder().Master("local-cluster[2,1,512]").Config("kiln.sql.shuffle.partitions", "3").Config("kiln.batch.size", "64")
            .Config("kiln.task.memory", "64k").Config("kiln.sql.autoBroadcastJoinThreshold", "-1").GetOrCreate(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
