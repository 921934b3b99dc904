using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Parquet;
using Parquet.Schema;

/// <summary>
/// Parquet.Net (managed) through its typed column API: a column chunk at a time into nullable CLR arrays, then into
/// our vectors (strings arrive as one .NET string per value, decimals as System.Decimal, dates as DateOnly).
/// </summary>
internal static class NetCodec
{
    private const int BatchRows = 8192;

    public static IReadOnlyList<RecordBatch> Decode(string path) => DecodeAsync(path).GetAwaiter().GetResult();

    private static async Task<IReadOnlyList<RecordBatch>> DecodeAsync(string path)
    {
        using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true });
        var fields = reader.Schema.GetDataFields();
        var schema = new Schema(fields.Select(f => new Kiln.Common.Types.Field(f.Name, TypeOf(f))));
        var result = new List<RecordBatch>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            var columns = new ColumnVector[fields.Length][];
            for (var c = 0; c < fields.Length; c++)
            {
                columns[c] = await ReadAsync(group, fields[c], schema[c].Type, rows);
            }

            for (var b = 0; b < columns[0].Length; b++)
            {
                result.Add(new RecordBatch(schema, columns.Select(col => col[b]).ToArray(), columns[0][b].Length));
            }
        }

        return result;
    }

    private static DataType TypeOf(DataField f) => f switch
    {
        DecimalDataField d => DataType.Decimal(d.Precision, d.Scale),
        _ when f.ClrType == typeof(DateOnly) || f.ClrType == typeof(DateTime) => DataType.Date,
        _ when f.ClrType == typeof(int) => DataType.Int32,
        _ when f.ClrType == typeof(long) => DataType.Int64,
        _ when f.ClrType == typeof(double) => DataType.Float64,
        _ when f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>) => DataType.String,
        _ => throw new NotSupportedException(f.ClrType.Name),
    };

    private static async Task<ColumnVector[]> ReadAsync(ParquetRowGroupReader group, DataField field, DataType type, int rows)
    {
        switch (type.Id)
        {
            case TypeId.Int32:
                return Chunk(await Nullable<int>(group, field, rows), type, v => v);
            case TypeId.Int64:
                return Chunk(await Nullable<long>(group, field, rows), type, v => v);
            case TypeId.Float64:
                return Chunk(await Nullable<double>(group, field, rows), type, v => v);
            case TypeId.Date:
                return Chunk(await Nullable<DateOnly>(group, field, rows), type, v => v.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);
            case TypeId.Decimal:
                {
                    var scale = Int128Pow10(type.Scale);
                    return Chunk(await Nullable<decimal>(group, field, rows), type, v => (Int128)(v * scale));
                }

            case TypeId.String:
                {
                    var values = new string?[rows];
                    await group.ReadAsync(field, values.AsMemory(), null);
                    var result = new List<ColumnVector>();
                    for (var start = 0; start < rows; start += BatchRows)
                    {
                        var builder = new StringVectorBuilder(BatchRows);
                        for (var i = start; i < Math.Min(rows, start + BatchRows); i++)
                        {
                            if (values[i] is { } s)
                            {
                                builder.Append(s);
                            }
                            else
                            {
                                builder.AppendNull();
                            }
                        }

                        result.Add(builder.Build());
                    }

                    return result.ToArray();
                }

            default:
                throw new NotSupportedException(type.ToString());
        }
    }

    private static decimal Int128Pow10(int scale)
    {
        decimal p = 1;
        for (var i = 0; i < scale; i++)
        {
            p *= 10;
        }

        return p;
    }

    private static async Task<T?[]> Nullable<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync(field, values.AsMemory(), null);
        return values;
    }

    private static ColumnVector[] Chunk<TIn, TOut>(TIn?[] values, DataType type, Func<TIn, TOut> convert)
        where TIn : struct
        where TOut : unmanaged
    {
        var result = new List<ColumnVector>();
        for (var start = 0; start < values.Length; start += BatchRows)
        {
            var n = Math.Min(BatchRows, values.Length - start);
            var data = new TOut[n];
            ValidityBitmap? validity = null;
            for (var i = 0; i < n; i++)
            {
                if (values[start + i] is { } v)
                {
                    data[i] = convert(v);
                }
                else
                {
                    (validity ??= new ValidityBitmap(n)).SetNull(i);
                }
            }

            result.Add(new PrimitiveVector<TOut>(type, data, n, validity));
        }

        return result.ToArray();
    }

    public static void Encode(IReadOnlyList<RecordBatch> batches, string path) => EncodeAsync(batches, path).GetAwaiter().GetResult();

    private static async Task EncodeAsync(IReadOnlyList<RecordBatch> batches, string path)
    {
        var schema = batches[0].Schema;
        var fields = schema.Fields.Select(f => f.Type.Id switch
        {
            TypeId.Int32 => new DataField<int?>(f.Name),
            TypeId.Int64 => new DataField<long?>(f.Name),
            TypeId.Float64 => new DataField<double?>(f.Name),
            TypeId.Date => new DataField<DateOnly?>(f.Name),
            TypeId.Decimal => new DecimalDataField(f.Name, f.Type.Precision, f.Type.Scale, isNullable: true),
            TypeId.String => (DataField)new DataField<string>(f.Name),
            _ => throw new NotSupportedException(f.Type.ToString()),
        }).ToArray();
        using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, new ParquetOptions { UseDateOnlyTypeForDates = true, CompressionMethod = CompressionMethod.Snappy });
        const int groupRows = 122_880;
        for (var b = 0; b < batches.Count;)
        {
            var group = new List<RecordBatch>();
            var rows = 0;
            for (; b < batches.Count && rows < groupRows; b++)
            {
                group.Add(batches[b]);
                rows += batches[b].RowCount;
            }

            using var rowGroup = writer.CreateRowGroup();
            for (var c = 0; c < schema.Count; c++)
            {
                var type = schema[c].Type;
                switch (type.Id)
                {
                    case TypeId.Int32:
                        await rowGroup.WriteAsync<int>(fields[c], Gather<int, int>(group, c, rows, v => v));
                        break;
                    case TypeId.Int64:
                        await rowGroup.WriteAsync<long>(fields[c], Gather<long, long>(group, c, rows, v => v));
                        break;
                    case TypeId.Float64:
                        await rowGroup.WriteAsync<double>(fields[c], Gather<double, double>(group, c, rows, v => v));
                        break;
                    case TypeId.Date:
                        await rowGroup.WriteAsync<DateOnly>(fields[c], Gather<int, DateOnly>(group, c, rows, d => DateOnly.FromDayNumber(d + 719_162)));
                        break;
                    case TypeId.Decimal:
                        {
                            var scale = Int128Pow10(type.Scale);
                            await rowGroup.WriteAsync<decimal>(fields[c], Gather<Int128, decimal>(group, c, rows, v => (decimal)v / scale));
                            break;
                        }

                    case TypeId.String:
                        {
                            var values = new string?[rows];
                            var k = 0;
                            foreach (var batch in group)
                            {
                                var s = (StringVector)batch.Column(c);
                                for (var i = 0; i < s.Length; i++)
                                {
                                    values[k++] = s.IsNull(i) ? null : Encoding.UTF8.GetString(s.GetBytes(i));
                                }
                            }

                            await rowGroup.WriteAsync(fields[c], values!, null);
                            break;
                        }
                }
            }
        }
    }

    private static ReadOnlyMemory<TOut?> Gather<TIn, TOut>(List<RecordBatch> group, int column, int rows, Func<TIn, TOut> convert)
        where TIn : unmanaged
        where TOut : struct
    {
        var values = new TOut?[rows];
        var k = 0;
        foreach (var batch in group)
        {
            var v = (PrimitiveVector<TIn>)batch.Column(column);
            for (var i = 0; i < v.Length; i++)
            {
                values[k++] = v.IsNull(i) ? null : convert(v[i]);
            }
        }

        return values;
    }
}
