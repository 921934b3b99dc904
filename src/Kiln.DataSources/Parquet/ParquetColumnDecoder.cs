using System.Buffers.Binary;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using ParquetSharp;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// Decodes one leaf column of one row group into Kiln vectors, a batch at a time, through ParquetSharp's physical
/// column reader: values and definition levels land in reused scratch arrays and are converted straight into the
/// vector's array (nulls spread by the definition levels); strings are copied from the library's page buffers.
/// </summary>
/// <remarks>Not thread-safe. Owns the column reader; dispose it with the row group.</remarks>
internal sealed class ParquetColumnDecoder : IDisposable
{
    private const long MicrosPerDay = 86_400_000_000L;
    private const int JulianEpochDay = 2_440_588;

    private readonly ColumnReader _reader;
    private readonly ParquetColumn _column;
    private readonly DataType _target;
    private readonly short _maxDef;
    private short[] _defs = [];
    private Array? _raw;

    public ParquetColumnDecoder(ColumnReader reader, ParquetColumn column, DataType target)
    {
        _reader = reader;
        _column = column;
        _target = target;
        _maxDef = reader.ColumnDescriptor.MaxDefinitionLevel;
    }

    public ColumnVector Read(int n)
    {
        if (_defs.Length < n)
        {
            _defs = new short[n];
            _raw = null;
        }

        var vector = _column.Kind switch
        {
            ParquetValueKind.Boolean => (ColumnVector)Convert<bool, bool, Same<bool>>(n),
            ParquetValueKind.Int32 => Convert<int, int, Same<int>>(n),
            ParquetValueKind.UInt32ToInt64 => Convert<int, long, UInt32ToInt64>(n),
            ParquetValueKind.Int32ToDecimal => Convert<int, Int128, Int32ToInt128>(n),
            ParquetValueKind.Int64 or ParquetValueKind.TimestampMicros => Convert<long, long, Same<long>>(n),
            ParquetValueKind.TimestampMillis => Convert<long, long, MillisToMicros>(n),
            ParquetValueKind.TimestampNanos => Convert<long, long, NanosToMicros>(n),
            ParquetValueKind.UInt64ToDecimal => Convert<long, Int128, UInt64ToInt128>(n),
            ParquetValueKind.Int64ToDecimal => Convert<long, Int128, Int64ToInt128>(n),
            ParquetValueKind.Int96Timestamp => Convert<Int96, long, Int96ToMicros>(n),
            ParquetValueKind.FloatToDouble => Convert<float, double, FloatToDouble>(n),
            ParquetValueKind.Double => Convert<double, double, Same<double>>(n),
            ParquetValueKind.BytesToString => Strings(n),
            ParquetValueKind.BytesToDecimal => Convert<ByteArray, Int128, BytesToInt128>(n),
            ParquetValueKind.FixedToString => FixedStrings(n),
            ParquetValueKind.FixedToDecimal => FixedDecimals(n),
            _ => throw new NotSupportedException(_column.Kind.ToString()),
        };
        return vector.Type == _target ? vector : Widen(vector, _target);
    }

    private TIn[] Raw<TIn>(int n)
    {
        if (_raw is not TIn[] raw || raw.Length < n)
        {
            raw = new TIn[Math.Max(n, _defs.Length)];
            _raw = raw;
        }

        return raw;
    }

    /// <summary>Reads n rows' levels and values; returns the number of non-null values, packed at the start of <paramref name="values"/>.</summary>
    private int ReadLevels<T>(Span<T> values, int n)
        where T : unmanaged
    {
        var reader = (ColumnReader<T>)_reader;
        int levels = 0, count = 0;
        while (levels < n)
        {
            long got, read;
            if (_maxDef == 0)
            {
                got = reader.ReadBatch(n - levels, values[count..n], out read);
            }
            else
            {
                got = reader.ReadBatch(n - levels, _defs.AsSpan(levels, n - levels), default, values[count..n], out read);
            }

            if (got == 0)
            {
                throw new InvalidDataException($"column '{_column.Name}' holds fewer values than its row group's row count");
            }

            levels += (int)got;
            count += (int)read;
        }

        return count;
    }

    private ValidityBitmap? Validity(int n, int count)
    {
        if (count == n)
        {
            return null;
        }

        var validity = new ValidityBitmap(n);
        for (var i = 0; i < n; i++)
        {
            if (_defs[i] != _maxDef)
            {
                validity.SetNull(i);
            }
        }

        return validity;
    }

    private PrimitiveVector<TOut> Convert<TIn, TOut, TConv>(int n)
        where TIn : unmanaged
        where TOut : unmanaged
        where TConv : IValueConverter<TIn, TOut>
    {
        var raw = Raw<TIn>(n);
        var count = ReadLevels<TIn>(raw, n);
        var values = new TOut[n];
        if (count == n)
        {
            for (var i = 0; i < n; i++)
            {
                values[i] = TConv.Convert(raw[i]);
            }

            return new PrimitiveVector<TOut>(_column.Type, values, n);
        }

        for (int i = 0, j = 0; i < n; i++)
        {
            if (_defs[i] == _maxDef)
            {
                values[i] = TConv.Convert(raw[j++]);
            }
        }

        return new PrimitiveVector<TOut>(_column.Type, values, n, Validity(n, count));
    }

    private unsafe StringVector Strings(int n)
    {
        var raw = Raw<ByteArray>(n);
        var count = ReadLevels<ByteArray>(raw, n);
        var total = 0;
        for (var j = 0; j < count; j++)
        {
            total += raw[j].Length;
        }

        var data = new byte[total];
        var offsets = new int[n + 1];
        var pos = 0;
        for (int i = 0, j = 0; i < n; i++)
        {
            if (count == n || _defs[i] == _maxDef)
            {
                var v = raw[j++];
                new ReadOnlySpan<byte>((void*)v.Pointer, v.Length).CopyTo(data.AsSpan(pos));
                pos += v.Length;
            }

            offsets[i + 1] = pos;
        }

        return new StringVector(offsets, data, n, Validity(n, count));
    }

    private unsafe StringVector FixedStrings(int n)
    {
        var raw = Raw<FixedLenByteArray>(n);
        var count = ReadLevels<FixedLenByteArray>(raw, n);
        var width = _column.FixedLength;
        var data = new byte[count * width];
        var offsets = new int[n + 1];
        var pos = 0;
        for (int i = 0, j = 0; i < n; i++)
        {
            if (count == n || _defs[i] == _maxDef)
            {
                new ReadOnlySpan<byte>((void*)raw[j++].Pointer, width).CopyTo(data.AsSpan(pos));
                pos += width;
            }

            offsets[i + 1] = pos;
        }

        return new StringVector(offsets, data, n, Validity(n, count));
    }

    private unsafe PrimitiveVector<Int128> FixedDecimals(int n)
    {
        var raw = Raw<FixedLenByteArray>(n);
        var count = ReadLevels<FixedLenByteArray>(raw, n);
        var width = _column.FixedLength;
        var values = new Int128[n];
        for (int i = 0, j = 0; i < n; i++)
        {
            if (count == n || _defs[i] == _maxDef)
            {
                values[i] = BigEndian(new ReadOnlySpan<byte>((void*)raw[j++].Pointer, width));
            }
        }

        return new PrimitiveVector<Int128>(_column.Type, values, n, Validity(n, count));
    }

    /// <summary>A big-endian two's complement integer of up to 16 bytes (Parquet's binary decimals).</summary>
    internal static Int128 BigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return Int128.Zero;
        }

        if (bytes.Length > 16)
        {
            throw new InvalidDataException($"a decimal of {bytes.Length} bytes does not fit in 38 digits");
        }

        Span<byte> buffer = stackalloc byte[16];
        buffer.Fill((bytes[0] & 0x80) != 0 ? (byte)0xFF : (byte)0);
        bytes.CopyTo(buffer[(16 - bytes.Length)..]);
        return BinaryPrimitives.ReadInt128BigEndian(buffer);
    }

    private static ColumnVector Widen(ColumnVector vector, DataType target)
    {
        if (vector is PrimitiveVector<int> ints && target.Id == TypeId.Int64)
        {
            var values = new long[ints.Length];
            var src = ints.Values;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = src[i];
            }

            return new PrimitiveVector<long>(target, values, ints.Validity);
        }

        throw new InvalidOperationException($"cannot read a {vector.Type} column as {target}");
    }

    public void Dispose() => _reader.Dispose();

    private interface IValueConverter<TIn, TOut>
    {
        static abstract TOut Convert(TIn value);
    }

    private readonly struct Same<T> : IValueConverter<T, T>
    {
        public static T Convert(T value) => value;
    }

    private readonly struct UInt32ToInt64 : IValueConverter<int, long>
    {
        public static long Convert(int value) => (uint)value;
    }

    private readonly struct Int32ToInt128 : IValueConverter<int, Int128>
    {
        public static Int128 Convert(int value) => value;
    }

    private readonly struct Int64ToInt128 : IValueConverter<long, Int128>
    {
        public static Int128 Convert(long value) => value;
    }

    private readonly struct UInt64ToInt128 : IValueConverter<long, Int128>
    {
        public static Int128 Convert(long value) => (ulong)value;
    }

    private readonly struct MillisToMicros : IValueConverter<long, long>
    {
        public static long Convert(long value) => value * 1000;
    }

    private readonly struct NanosToMicros : IValueConverter<long, long>
    {
        public static long Convert(long value) => Math.DivRem(value, 1000, out var r) - (r < 0 ? 1 : 0);
    }

    private readonly struct Int96ToMicros : IValueConverter<Int96, long>
    {
        public static long Convert(Int96 value)
        {
            var nanosOfDay = (long)(((ulong)(uint)value.B << 32) | (uint)value.A);
            return ((value.C - (long)JulianEpochDay) * MicrosPerDay) + (nanosOfDay / 1000);
        }
    }

    private readonly struct FloatToDouble : IValueConverter<float, double>
    {
        public static double Convert(float value) => value;
    }

    private readonly struct BytesToInt128 : IValueConverter<ByteArray, Int128>
    {
        public static unsafe Int128 Convert(ByteArray value) => BigEndian(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length));
    }
}
