using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>UTF-8 key storage in one growing byte buffer; compared by bytes.</summary>
public sealed class StringKeyColumn : KeyColumn
{
    private readonly StringVectorBuilder _builder = new();
    private int[] _offsets = new int[1025];
    private byte[] _data = new byte[16384];
    private bool[] _nulls = new bool[1024];
    private int _count;
    private int _length;

    public override int Count => _count;

    public override long Bytes => _data.Length + (_offsets.Length * 5L);

    public override void Append(ColumnVector source, int row)
    {
        if (_count + 1 >= _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
            Array.Resize(ref _nulls, _offsets.Length);
        }

        var isNull = source.IsNull(row);
        var bytes = isNull ? default : ((StringVector)source).GetBytes(row);
        if (_length + bytes.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + bytes.Length));
        }

        bytes.CopyTo(_data.AsSpan(_length));
        _length += bytes.Length;
        _nulls[_count] = isNull;
        _offsets[++_count] = _length;
    }

    public override bool EqualsRow(int index, ColumnVector source, int row)
    {
        var isNull = source.IsNull(row);
        if (isNull || _nulls[index])
        {
            return isNull && _nulls[index];
        }

        return ((StringVector)source).GetBytes(row).SequenceEqual(_data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]));
    }

    public override ColumnVector Build(int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (_nulls[i])
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(_data.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]));
            }
        }

        return _builder.Build();
    }

    public override void Clear()
    {
        _count = 0;
        _length = 0;
        _offsets = new int[1025];
        _data = new byte[16384];
        _nulls = new bool[1024];
    }
}
