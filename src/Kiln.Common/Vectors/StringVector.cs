using System.Text;
using Kiln.Common.Types;

namespace Kiln.Common.Vectors;

/// <summary>
/// UTF-8 strings laid out as one byte buffer plus <c>Length + 1</c> offsets: row i is
/// <c>Data[Offsets[i]..Offsets[i+1]]</c>. Null rows have empty ranges.
/// </summary>
public sealed class StringVector : ColumnVector
{
    private readonly int[] _offsets;
    private readonly byte[] _data;

    public StringVector(int[] offsets, byte[] data, int length, ValidityBitmap? validity = null)
        : base(DataType.String, length, validity)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Length < length + 1)
        {
            throw new ArgumentException("offsets must hold length + 1 entries", nameof(offsets));
        }

        _offsets = offsets;
        _data = data ?? throw new ArgumentNullException(nameof(data));
    }

    public ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, Length + 1);

    public byte[] RawData => _data;

    public int[] RawOffsets => _offsets;

    public ReadOnlySpan<byte> GetBytes(int index) => _data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    public string GetString(int index) => Encoding.UTF8.GetString(GetBytes(index));

    public override long EstimatedBytes => _offsets[Length] - _offsets[0] + (4L * (Length + 1)) + (Validity is null ? 0 : Length / 8);

    public override object? GetValue(int index) => IsNull(index) ? null : GetString(index);

    public override ColumnVector Gather(ReadOnlySpan<int> indices)
    {
        var offsets = new int[indices.Length + 1];
        var total = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            var r = indices[i];
            total += _offsets[r + 1] - _offsets[r];
            offsets[i + 1] = total;
        }

        var data = new byte[total];
        for (var i = 0; i < indices.Length; i++)
        {
            var r = indices[i];
            var start = _offsets[r];
            var len = _offsets[r + 1] - start;
            if (len > 0)
            {
                Buffer.BlockCopy(_data, start, data, offsets[i], len);
            }
        }

        return new StringVector(offsets, data, indices.Length, GatherValidity(indices));
    }

    public override ColumnVector Slice(int offset, int length)
    {
        if (offset == 0 && length == Length)
        {
            return this;
        }

        var start = _offsets[offset];
        var offsets = new int[length + 1];
        for (var i = 0; i <= length; i++)
        {
            offsets[i] = _offsets[offset + i] - start;
        }

        var data = _data.AsSpan(start, offsets[length]).ToArray();
        return new StringVector(offsets, data, length, SliceValidity(offset, length));
    }
}
