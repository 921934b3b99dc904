using System.Buffers.Binary;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using ParquetSharp;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// Decodes one leaf column of one row group into Kiln vectors, a batch at a time, through ParquetSharp's physical
/// column reader: values and definition levels land in reused scratch arrays and are converted straight into the
/// vector's array (nulls spread by the definition levels). Binary values point into the library's page buffer, which
/// the next read may replace, so they are copied out after every read call, before the next.
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
    private byte[] _bytes = [];
    private int _bytesUsed;
    private int[] _ends = [];

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
            ParquetValueKind.BytesToDecimal => BinaryDecimals(n),
            ParquetValueKind.FixedToString => Strings(n),
            ParquetValueKind.FixedToDecimal => BinaryDecimals(n),
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

    /// <summary>
    /// Reads n rows' levels and values; returns the number of non-null values, packed at the start of
    /// <paramref name="values"/>. <paramref name="copyOut"/> is called with each read call's range of values
    /// (first, count) before the next call.
    /// </summary>
    private int ReadLevels<T>(T[] values, int n, Action<int, int>? copyOut = null)
        where T : unmanaged
    {
        var reader = (ColumnReader<T>)_reader;
        int levels = 0, count = 0;
        while (levels < n)
        {
            long got, read;
            if (_maxDef == 0)
            {
                got = reader.ReadBatch(n - levels, values.AsSpan(count, n - count), out read);
            }
            else
            {
                got = reader.ReadBatch(n - levels, _defs.AsSpan(levels, n - levels), default, values.AsSpan(count, n - count), out read);
            }

            if (got == 0)
            {
                throw new InvalidDataException($"column '{_column.Name}' holds fewer values than its row group's row count");
            }

            copyOut?.Invoke(count, (int)read);
            levels += (int)got;
            count += (int)read;
        }

        return count;
    }

    /// <summary>Reads n rows of a binary column, copying each value's bytes into <see cref="_bytes"/> (ends in <see cref="_ends"/>).</summary>
    private unsafe int ReadBinary(int n)
    {
        if (_ends.Length < n)
        {
            _ends = new int[Math.Max(n, _defs.Length)];
        }

        _bytesUsed = 0;
        if (_column.Kind is ParquetValueKind.FixedToString or ParquetValueKind.FixedToDecimal)
        {
            var width = _column.FixedLength;
            var fixedRaw = Raw<FixedLenByteArray>(n);
            return ReadLevels(fixedRaw, n, (first, read) =>
            {
                for (var j = first; j < first + read; j++)
                {
                    Append(new ReadOnlySpan<byte>((void*)fixedRaw[j].Pointer, width), j);
                }
            });
        }

        var raw = Raw<ByteArray>(n);
        return ReadLevels(raw, n, (first, read) =>
        {
            for (var j = first; j < first + read; j++)
            {
                Append(new ReadOnlySpan<byte>((void*)raw[j].Pointer, raw[j].Length), j);
            }
        });
    }

    private void Append(ReadOnlySpan<byte> value, int index)
    {
        if (_bytesUsed + value.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _bytesUsed + value.Length + 4096));
        }

        value.CopyTo(_bytes.AsSpan(_bytesUsed));
        _bytesUsed += value.Length;
        _ends[index] = _bytesUsed;
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
        var count = ReadLevels(raw, n);
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

    /// <summary>Strings from BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY columns.</summary>
    private StringVector Strings(int n)
    {
        var count = ReadBinary(n);
        var data = _bytes.AsSpan(0, _bytesUsed).ToArray();
        var offsets = new int[n + 1];
        for (int i = 0, j = 0; i < n; i++)
        {
            if (count == n || _defs[i] == _maxDef)
            {
                j++;
            }

            offsets[i + 1] = j == 0 ? 0 : _ends[j - 1];
        }

        return new StringVector(offsets, data, n, Validity(n, count));
    }

    /// <summary>Decimals stored as big-endian two's complement bytes, fixed or variable length.</summary>
    private PrimitiveVector<Int128> BinaryDecimals(int n)
    {
        var count = ReadBinary(n);
        var values = new Int128[n];
        for (int i = 0, j = 0; i < n; i++)
        {
            if (count == n || _defs[i] == _maxDef)
            {
                var start = j == 0 ? 0 : _ends[j - 1];
                values[i] = BigEndian(_bytes.AsSpan(start, _ends[j] - start));
                j++;
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

}
