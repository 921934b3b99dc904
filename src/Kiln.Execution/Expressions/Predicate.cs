using System.Numerics;
using Kiln.Common.Batches;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Turns a boolean condition vector into a selection: the row indices where it is TRUE (FALSE and NULL rows are
/// dropped, as WHERE does). Works 64 rows at a time: values are packed into a word, ANDed with the validity word,
/// and the set bits enumerated.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class Predicate
{
    /// <summary>The ascending indices of the TRUE rows of <paramref name="condition"/>.</summary>
    public static int[] Select(ColumnVector condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var selection = new int[CountTrue(condition)];
        Select(condition, selection);
        return selection;
    }

    /// <summary>Writes the TRUE rows' indices to <paramref name="selection"/> (at least <c>condition.Length</c> long, or <see cref="CountTrue"/>) and returns how many.</summary>
    public static int Select(ColumnVector condition, Span<int> selection)
    {
        var values = Values(condition);
        var count = 0;
        for (var w = 0; w < ValidityBitmap.WordCount(condition.Length); w++)
        {
            var word = Word(values, condition.Validity, w, condition.Length);
            var baseRow = w << 6;
            while (word != 0)
            {
                selection[count++] = baseRow + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }

        return count;
    }

    /// <summary>How many rows of <paramref name="condition"/> are TRUE.</summary>
    public static int CountTrue(ColumnVector condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var values = Values(condition);
        var count = 0;
        for (var w = 0; w < ValidityBitmap.WordCount(condition.Length); w++)
        {
            count += BitOperations.PopCount(Word(values, condition.Validity, w, condition.Length));
        }

        return count;
    }

    /// <summary>The rows of <paramref name="batch"/> where <paramref name="condition"/> is TRUE; the batch itself when all are.</summary>
    public static RecordBatch Filter(RecordBatch batch, ColumnVector condition)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var count = CountTrue(condition);
        if (count == batch.RowCount)
        {
            return batch;
        }

        var selection = new int[count];
        Select(condition, selection);
        return batch.Gather(selection);
    }

    private static ReadOnlySpan<bool> Values(ColumnVector condition) =>
        condition is PrimitiveVector<bool> b
            ? b.Values
            : throw new ArgumentException($"a condition must be a boolean vector, not {condition.Type}", nameof(condition));

    private static ulong Word(ReadOnlySpan<bool> values, ValidityBitmap? validity, int w, int length)
    {
        var start = w << 6;
        return Bits.Pack(values.Slice(start, Math.Min(64, length - start))) & Bits.Word(validity, w);
    }
}
