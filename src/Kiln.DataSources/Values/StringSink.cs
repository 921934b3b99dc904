using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.DataSources.Values;

/// <summary>Collects UTF-8 strings into one byte buffer plus offsets; every input is accepted as is.</summary>
internal sealed class StringSink : ColumnSink
{
    private int[] _offsets;
    private byte[] _data;
    private int _dataLength;

    public StringSink(int capacity)
        : base(DataType.String, capacity)
    {
        _offsets = new int[capacity + 1];
        _data = new byte[Math.Max(64, capacity * 8)];
    }

    public override bool TryAppend(ReadOnlySpan<byte> text)
    {
        if (_dataLength + text.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + text.Length));
        }

        text.CopyTo(_data.AsSpan(_dataLength));
        _dataLength += text.Length;
        _offsets[++Count] = _dataLength;
        return true;
    }

    public override void AppendQuotedEmpty() => TryAppend([]);

    protected override void AppendDefault() => _offsets[++Count] = _dataLength;

    protected override void TruncateValues(int rows) => _dataLength = _offsets[rows];

    protected override ColumnVector BuildVector(ValidityBitmap? validity)
    {
        var vector = new StringVector(_offsets, _data, Count, validity);
        _offsets = new int[Capacity + 1];
        _data = new byte[Math.Max(64, _dataLength + (_dataLength / 8))];
        _dataLength = 0;
        return vector;
    }
}
