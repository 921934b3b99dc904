using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources;
using Kiln.DataSources.Commit;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;
using Kiln.DataSources.Json;
using Kiln.DataSources.Parquet;
using Kiln.Execution.Physical;

namespace Kiln.Execution.Tasks;

/// <summary>
/// The write side of a task: runs the fragment and writes its batches as part files of the job's output through the
/// task half of the commit protocol (attempt directory, then commit or abort). For a partitioned write the rows of a
/// batch are grouped by their partition values (runs of equal values are found by comparing typed values, so clustered
/// data costs one lookup per run) and each group goes to the file of its <c>col=value/</c> directory, opened on first use.
/// </summary>
internal static class FileWriteTask
{
    public static IReadOnlyList<string> Run(ExecNode fragment, WriteFilesOutput output, TaskContext context)
    {
        // Task-side commit steps do not depend on the save mode; the driver applies the mode at job setup and commit.
        var committer = new FileOutputCommitter(output.Path, output.JobId, SaveMode.Append);
        var schema = fragment.Schema;
        var partitionIndexes = output.PartitionColumns.Select(schema.IndexOf).ToArray();
        var dataIndexes = Enumerable.Range(0, schema.Count).Where(i => !partitionIndexes.Contains(i)).ToArray();
        var dataSchema = new Schema(dataIndexes.Select(i => schema[i]));
        var writers = new Dictionary<string, IRecordBatchWriter>(StringComparer.Ordinal);
        try
        {
            try
            {
                foreach (var batch in fragment.Execute(context.Partition, context))
                {
                    if (batch.RowCount == 0)
                    {
                        continue;
                    }

                    var data = partitionIndexes.Length == 0 ? batch : new RecordBatch(dataSchema, dataIndexes.Select(batch.Column).ToArray(), batch.RowCount);
                    if (partitionIndexes.Length == 0)
                    {
                        Writer(writers, committer, output, context, dataSchema, "").Write(data);
                    }
                    else
                    {
                        foreach (var (directory, rows) in GroupByPartition(batch, partitionIndexes, output.PartitionColumns))
                        {
                            Writer(writers, committer, output, context, dataSchema, directory).Write(rows.Count == batch.RowCount ? data : data.Gather(rows.ToArray()));
                        }
                    }

                    context.Metrics.RowsWritten += batch.RowCount;
                }

                if (writers.Count == 0 && partitionIndexes.Length == 0)
                {
                    Writer(writers, committer, output, context, dataSchema, "");
                }
            }
            finally
            {
                foreach (var w in writers.Values)
                {
                    w.Dispose();
                }
            }

            var published = writers.Keys.Select(d => Path.Combine(d, Path.GetFileName(committer.NewTaskOutputFileName(context.Partition, Extension(output.Format)))).Replace('\\', '/')).ToArray();
            return committer.CommitTask(context.Partition, context.Attempt) ? published : [];
        }
        catch
        {
            committer.AbortTask(context.Partition, context.Attempt);
            throw;
        }
    }

    private static string Extension(string format) => format switch
    {
        "json" => "json",
        "parquet" => "parquet",
        _ => "csv",
    };

    private static IRecordBatchWriter Writer(Dictionary<string, IRecordBatchWriter> writers, FileOutputCommitter committer, WriteFilesOutput output, TaskContext context, Schema schema, string directory)
    {
        if (writers.TryGetValue(directory, out var writer))
        {
            return writer;
        }

        var file = committer.NewTaskOutputFile(context.Partition, context.Attempt, Extension(output.Format), directory);
        var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        writer = output.Format switch
        {
            "json" => new JsonLinesWriter(stream, schema),
            "parquet" => new ParquetBatchWriter(stream, schema, ParquetOptions.Parse(output.Options)),
            _ => new CsvWriter(stream, schema, CsvOptions.Parse(output.Options)),
        };
        writers[directory] = writer;
        return writer;
    }

    /// <summary>The rows of a batch grouped by partition directory (<c>a=1/b=x</c>), in first-seen order.</summary>
    private static List<(string Directory, List<int> Rows)> GroupByPartition(RecordBatch batch, int[] columns, IReadOnlyList<string> names)
    {
        var groups = new List<(string, List<int>)>();
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        List<int>? current = null;
        for (var r = 0; r < batch.RowCount; r++)
        {
            if (current is null || !SameKey(batch, columns, r, r - 1))
            {
                var key = Directory(batch, columns, names, r);
                if (!byKey.TryGetValue(key, out current))
                {
                    current = [];
                    byKey[key] = current;
                    groups.Add((key, current));
                }
            }

            current.Add(r);
        }

        return groups;
    }

    private static string Directory(RecordBatch batch, int[] columns, IReadOnlyList<string> names, int row)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < columns.Length; i++)
        {
            var v = batch.Column(columns[i]);
            var text = v.IsNull(row) ? null : ScalarValues.Format(v.GetValue(row), v.Type);
            if (i > 0)
            {
                sb.Append('/');
            }

            sb.Append(PartitionPaths.Segment(names[i], text));
        }

        return sb.ToString();
    }

    private static bool SameKey(RecordBatch batch, int[] columns, int a, int b)
    {
        foreach (var c in columns)
        {
            var v = batch.Column(c);
            var na = v.IsNull(a);
            if (na != v.IsNull(b))
            {
                return false;
            }

            if (na)
            {
                continue;
            }

            var same = v switch
            {
                StringVector s => s.GetBytes(a).SequenceEqual(s.GetBytes(b)),
                PrimitiveVector<int> p => p[a] == p[b],
                PrimitiveVector<long> p => p[a] == p[b],
                PrimitiveVector<bool> p => p[a] == p[b],
                PrimitiveVector<double> p => p[a].Equals(p[b]),
                PrimitiveVector<Int128> p => p[a] == p[b],
                _ => Equals(v.GetValue(a), v.GetValue(b)),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }
}
