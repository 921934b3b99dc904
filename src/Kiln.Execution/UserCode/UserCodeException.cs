namespace Kiln.Execution.UserCode;

/// <summary>
/// User code (a UDF or a Dataset lambda) threw while a task ran. The user's exception is the inner exception; the
/// message says which function, where it was written, on which partition and with which input. Like Spark, the
/// scheduler retries the task (the failure may be transient) and fails the job with this as the root cause.
/// </summary>
public sealed class UserCodeException : Exception
{
    public UserCodeException(string function, string source, int partition, string input, Exception inner)
        : base($"{function} ({source}) threw {inner?.GetType().Name} in partition {partition} on input {input}: {inner?.Message}", inner)
    {
        Function = function;
        Source = source;
        Partition = partition;
        Input = input;
    }

    /// <summary>What failed: <c>udf 'parse'</c>, <c>Dataset.Select</c>, ...</summary>
    public string Function { get; }

    /// <summary>Where the lambda was written: <c>lambda in Program.Main</c>.</summary>
    public new string Source { get; }

    public int Partition { get; }

    /// <summary>The input that made it fail, formatted: <c>(42, "abc")</c>.</summary>
    public string Input { get; }

    /// <summary>Formats input values for the message, each cut to a readable length.</summary>
    public static string Format(params object?[] values) =>
        "(" + string.Join(", ", values.Select(v => v switch
        {
            null => "null",
            string s => "\"" + (s.Length > 60 ? s[..57] + "..." : s) + "\"",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => Cut(v.ToString() ?? v.GetType().Name),
        })) + ")";

    private static string Cut(string s) => s.Length > 120 ? s[..117] + "..." : s;
}
