using System.Text;
using System.Text.Json;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Cli.Output;

/// <summary>Prints result rows as an aligned table, CSV (header line, then plain comma-separated rows) or JSON lines.</summary>
public static class ResultWriter
{
    public static void Write(TextWriter output, DataFrame df, string format)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(df);
        switch (format)
        {
            case "table":
                var rows = df.Collect();
                output.Write(df.ShowString(Math.Max(rows.Count, 1), truncate: false));
                break;
            case "csv":
                WriteCsv(output, df.Schema, df.Collect());
                break;
            case "json":
                WriteJson(output, df.Schema, df.Collect());
                break;
            default:
                throw new CliUsageException($"unknown --format '{format}'; use table, csv or json");
        }
    }

    private static void WriteCsv(TextWriter output, Schema schema, IReadOnlyList<Row> rows)
    {
        output.WriteLine(string.Join(",", schema.Names.Select(Quote)));
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                if (row[i] is { } v)
                {
                    sb.Append(Quote(ScalarValues.Format(v, schema[i].Type)));
                }
            }

            output.WriteLine(sb.ToString());
        }
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static void WriteJson(TextWriter output, Schema schema, IReadOnlyList<Row> rows)
    {
        foreach (var row in rows)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                for (var i = 0; i < row.Length; i++)
                {
                    var name = schema[i].Name;
                    switch (row[i])
                    {
                        case null:
                            json.WriteNull(name);
                            break;
                        case bool b:
                            json.WriteBoolean(name, b);
                            break;
                        case int n:
                            json.WriteNumber(name, n);
                            break;
                        case long n:
                            json.WriteNumber(name, n);
                            break;
                        case double d when double.IsFinite(d):
                            json.WriteNumber(name, d);
                            break;
                        case decimal m:
                            json.WriteNumber(name, m);
                            break;
                        case var v:
                            json.WriteString(name, ScalarValues.Format(v, schema[i].Type));
                            break;
                    }
                }

                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
