using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// substring(str, pos[, len]) with Spark's rules: positions count characters from 1; 0 behaves like 1; a negative
/// position counts from the end; the window [start, start+len) is clipped to the string, so out-of-range
/// requests give '' rather than NULL. NULL in any argument gives NULL.
/// </summary>
internal sealed class SubstringNode(IPhysicalExpr str, IPhysicalExpr pos, IPhysicalExpr? len) : IPhysicalExpr
{
    public DataType Type => DataType.String;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var s = (StringVector)str.Evaluate(batch);
        var p = (PrimitiveVector<int>)pos.Evaluate(batch);
        var l = len is null ? null : (PrimitiveVector<int>)len.Evaluate(batch);
        var validity = ValidityBitmap.And(ValidityBitmap.And(s.Validity, p.Validity), l?.Validity);
        var n = batch.RowCount;
        var offsets = new int[n + 1];
        var starts = new int[n];
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            if (validity is null || validity.IsValid(i))
            {
                var (start, length) = Window(s.GetBytes(i), p[i], l is null ? int.MaxValue : l[i]);
                starts[i] = s.RawOffsets[i] + start;
                total += length;
            }

            offsets[i + 1] = total;
        }

        var data = new byte[total];
        var raw = s.RawData;
        for (var i = 0; i < n; i++)
        {
            var length = offsets[i + 1] - offsets[i];
            if (length > 0)
            {
                Buffer.BlockCopy(raw, starts[i], data, offsets[i], length);
            }
        }

        return new StringVector(offsets, data, n, validity);
    }

    /// <summary>The byte range of the result within <paramref name="s"/>.</summary>
    public static (int Start, int Length) Window(ReadOnlySpan<byte> s, int pos, int len)
    {
        long start = pos > 0 ? pos - 1L : pos < 0 ? Utf8Text.CharCount(s) + (long)pos : 0;
        var end = start + len;
        start = Math.Max(start, 0);
        if (start >= end)
        {
            return (0, 0);
        }

        var byteStart = Utf8Text.ByteOffset(s, (int)Math.Min(start, int.MaxValue));
        var rest = s[byteStart..];
        var byteLength = Utf8Text.ByteOffset(rest, (int)Math.Min(end - start, int.MaxValue));
        return (byteStart, byteLength);
    }
}
