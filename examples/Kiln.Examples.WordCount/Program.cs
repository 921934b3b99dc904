using System.Globalization;
using Kiln;
using static Kiln.Functions;

// Counts the words of text files: each line is a row, a lambda splits it into words on the executors, and the words
// are counted by a shuffle. Prints the most frequent words and, given an output directory, writes every count as CSV.
//   kiln submit [--master local-cluster[2,1,1024]] Kiln.Examples.WordCount.dll FILE [FILE ...] [--top N] [--out DIR]
var files = new List<string>();
var top = 10;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--top":
            top = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--out":
            output = args[++i];
            break;
        default:
            files.Add(args[i]);
            break;
    }
}

if (files.Count == 0)
{
    Console.Error.WriteLine("usage: Kiln.Examples.WordCount FILE [FILE ...] [--top N] [--out DIR]");
    return 2;
}

using var session = KilnSession.Builder().AppName("word count").GetOrCreate();

// Whole lines as one string column: a delimiter and a quote that text does not contain.
var lines = session.Read
    .Option("header", "false").Option("delimiter", "\u0001").Option("quote", "\u0002")
    .Schema("value string")
    .Csv([.. files])
    .As<string?>();
var counts = lines
    .SelectMany(line => (line ?? string.Empty).ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
    .ToDF()
    .GroupBy("value")
    .Agg(Count().Alias("count"))
    .OrderBy(Col("count").Desc(), Col("value"));

foreach (var row in counts.Limit(top).Collect())
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row["count"],8} {row["value"]}"));
}

if (output is not null)
{
    var written = counts.Write.Mode("overwrite").Option("header", "true").Csv(output);
    Console.WriteLine($"wrote every count to {written.Path}");
}

return 0;

/// <summary>What separates words.</summary>
internal static partial class Program
{
    private static readonly char[] Separators = [.. " \t\r\n.,;:!?\"'()[]{}<>|/\\`*#=+-_~&%$@^0123456789"];
}
