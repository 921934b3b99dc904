using System.Runtime.CompilerServices;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.DataSources.Values;

/// <summary>A sink over a fixed-capacity array of unmanaged values.</summary>
internal abstract class PrimitiveSink<T> : ColumnSink
    where T : unmanaged
{
    private T[] _values;

    protected PrimitiveSink(DataType type, int capacity)
        : base(type, capacity) => _values = new T[capacity];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool Add(T value)
    {
        _values[Count++] = value;
        return true;
    }

    protected override void AppendDefault() => _values[Count++] = default;

    protected override ColumnVector BuildVector(ValidityBitmap? validity)
    {
        var vector = new PrimitiveVector<T>(Type, _values, Count, validity);
        _values = new T[Capacity];
        return vector;
    }
}

internal sealed class Int32Sink(DataType type, int capacity) : PrimitiveSink<int>(type, capacity)
{
    public override bool TryAppend(ReadOnlySpan<byte> text) => Utf8Values.TryParseInt32(text, out var v) && Add(v);
}

internal sealed class Int64Sink(DataType type, int capacity) : PrimitiveSink<long>(type, capacity)
{
    public override bool TryAppend(ReadOnlySpan<byte> text) => Utf8Values.TryParseInt64(text, out var v) && Add(v);
}

internal sealed class Float64Sink(DataType type, int capacity) : PrimitiveSink<double>(type, capacity)
{
    public override bool TryAppend(ReadOnlySpan<byte> text) => Utf8Values.TryParseDouble(text, out var v) && Add(v);
}

internal sealed class BooleanSink(DataType type, int capacity) : PrimitiveSink<bool>(type, capacity)
{
    public override bool TryAppend(ReadOnlySpan<byte> text) => Utf8Values.TryParseBoolean(text, out var v) && Add(v);
}

internal sealed class DecimalSink(DataType type, int capacity) : PrimitiveSink<Int128>(type, capacity)
{
    public override bool TryAppend(ReadOnlySpan<byte> text) => Utf8Values.TryParseDecimal(text, Type.Precision, Type.Scale, out var v) && Add(v);
}

internal sealed class DateSink(DataType type, int capacity, DateTimePattern pattern) : PrimitiveSink<int>(type, capacity)
{
    public override bool TryAppend(ReadOnlySpan<byte> text) => pattern.TryParseDate(text, out var v) && Add(v);
}

internal sealed class TimestampSink(DataType type, int capacity, DateTimePattern pattern) : PrimitiveSink<long>(type, capacity)
{
    public override bool TryAppend(ReadOnlySpan<byte> text) => pattern.TryParse(text, out var v) && Add(v);
}
