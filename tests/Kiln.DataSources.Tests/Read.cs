using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;

namespace Kiln.DataSources.Tests;

/// <summary>Test helpers that read whole inputs into rows of CLR values.</summary>
public static class Read
{
    public static List<object?[]> All(IRecordBatchReader reader)
    {
        var rows = new List<object?[]>();
        using (reader)
        {
            while (reader.ReadBatch() is { } batch)
            {
                Assert.True(batch.RowCount > 0);
                for (var r = 0; r < batch.RowCount; r++)
                {
                    rows.Add(batch.GetRow(r));
                }
            }
        }

        return rows;
    }

    public static List<object?[]> Csv(string path, Schema schema, CsvOptions? options = null, int batchSize = 1024, IReadOnlyList<int>? projection = null) =>
        All(new CsvSplitReader(FileSplit.WholeFile(path), schema, options ?? CsvOptions.Default, batchSize, projection));

    public static List<object?[]> CsvSplits(string path, Schema schema, CsvOptions options, long splitSize, int batchSize = 7)
    {
        var length = new FileInfo(path).Length;
        var rows = new List<object?[]>();
        foreach (var split in FileSplitPlanner.PlanWithSplitSize([path], [length], splitSize))
        {
            rows.AddRange(All(new CsvSplitReader(split, schema, options, batchSize)));
        }

        return rows;
    }

    public static string Show(IEnumerable<object?[]> rows) =>
        string.Join("\n", rows.Select(r => string.Join("|", r.Select(v => v switch
        {
            null => "NULL",
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            double x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }))));

    public static RecordBatch Single(IRecordBatchReader reader)
    {
        using (reader)
        {
            var batch = reader.ReadBatch();
            Assert.NotNull(batch);
            Assert.Null(reader.ReadBatch());
            return batch;
        }
    }
}
