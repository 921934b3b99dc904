using System.Runtime.CompilerServices;
using System.Text;
using Kiln.Common.Types;

namespace Kiln.Common.Vectors;

/// <summary>Builds a <see cref="StringVector"/> from UTF-8 byte spans.</summary>
public sealed class StringVectorBuilder : VectorBuilder
{
    private int[] _offsets;
    private byte[] _data;
    private int _dataLength;

    public StringVectorBuilder(int capacity = 1024)
        : base(DataType.String)
    {
        _offsets = new int[Math.Max(capacity, 4) + 1];
        _data = new byte[Math.Max(capacity, 4) * 16];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> utf8)
    {
        if (Count + 1 == _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        if (_dataLength + utf8.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + utf8.Length));
        }

        utf8.CopyTo(_data.AsSpan(_dataLength));
        _dataLength += utf8.Length;
        _offsets[++Count] = _dataLength;
    }

    public void Append(string value) => Append(Encoding.UTF8.GetBytes(value));

    public override void AppendNull()
    {
        if (Count + 1 == _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        MarkNull(Count, _offsets.Length - 1);
        _offsets[++Count] = _dataLength;
    }

    public override void AppendValue(object? value)
    {
        if (value is null)
        {
            AppendNull();
        }
        else
        {
            Append(value as string ?? ScalarValues.Format(value, DataType.String));
        }
    }

    public override void AppendFrom(ColumnVector source, int row)
    {
        if (source.IsNull(row))
        {
            AppendNull();
        }
        else
        {
            Append(((StringVector)source).GetBytes(row));
        }
    }

    public override ColumnVector Build()
    {
        var length = Count;
        var vector = new StringVector(_offsets, _data, length, TakeValidity(length));
        _offsets = new int[Math.Max(4, length) + 1];
        _data = new byte[Math.Max(64, _dataLength)];
        _dataLength = 0;
        Count = 0;
        return vector;
    }
}
