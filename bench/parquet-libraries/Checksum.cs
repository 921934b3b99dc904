using Kiln.Common.Batches;
using Kiln.Common.Vectors;

/// <summary>An order-sensitive hash of every value and null in a list of batches, column by column (batch boundaries do not matter), to check that decoders agree.</summary>
internal static class Checksum
{
    public static string Of(IReadOnlyList<RecordBatch> batches)
    {
        var hash = new HashCode();
        for (var c = 0; c < (batches.Count == 0 ? 0 : batches[0].Schema.Count); c++)
        {
            foreach (var column in batches.Select(b => b.Column(c)))
            {
                for (var i = 0; i < column.Length; i++)
                {
                    if (column.IsNull(i))
                    {
                        hash.Add(-1);
                    }
                    else if (column is StringVector s)
                    {
                        hash.AddBytes(s.GetBytes(i));
                    }
                    else
                    {
                        hash.Add(column.GetValue(i));
                    }
                }
            }
        }

        return hash.ToHashCode().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
