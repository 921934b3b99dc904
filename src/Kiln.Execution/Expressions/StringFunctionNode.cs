using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// upper, lower, trim, ltrim, rtrim (spaces only), length (characters) and concat (NULL if any argument is NULL).
/// Case mapping copies ASCII rows bytewise and round-trips only non-ASCII rows through UTF-16.
/// </summary>
internal sealed class StringFunctionNode(string name, IPhysicalExpr[] args, DataType type) : IPhysicalExpr
{
    public DataType Type => type;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var vectors = new StringVector[args.Length];
        ValidityBitmap? validity = null;
        for (var k = 0; k < args.Length; k++)
        {
            vectors[k] = (StringVector)args[k].Evaluate(batch);
            validity = ValidityBitmap.And(validity, vectors[k].Validity);
        }

        return name switch
        {
            "length" => Length(vectors[0]),
            "concat" => Concat(vectors, validity, batch.RowCount),
            _ => Map(vectors[0]),
        };
    }

    private PrimitiveVector<int> Length(StringVector v)
    {
        var result = new int[v.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Utf8Text.CharCount(v.GetBytes(i));
        }

        return new PrimitiveVector<int>(DataType.Int32, result, v.Validity);
    }

    private StringVector Map(StringVector v)
    {
        var builder = new StringVectorBuilder(v.Length);
        var scratch = new byte[64];
        for (var i = 0; i < v.Length; i++)
        {
            if (v.IsNull(i))
            {
                builder.AppendNull();
                continue;
            }

            var s = v.GetBytes(i);
            switch (name)
            {
                case "trim":
                    builder.Append(s.Trim((byte)' '));
                    break;
                case "ltrim":
                    builder.Append(s.TrimStart((byte)' '));
                    break;
                case "rtrim":
                    builder.Append(s.TrimEnd((byte)' '));
                    break;
                default:
                    AppendCaseMapped(builder, s, name == "upper", ref scratch);
                    break;
            }
        }

        return (StringVector)builder.Build();
    }

    private static void AppendCaseMapped(StringVectorBuilder builder, ReadOnlySpan<byte> s, bool upper, ref byte[] scratch)
    {
        if (Utf8Text.IsAscii(s))
        {
            if (scratch.Length < s.Length)
            {
                scratch = new byte[Math.Max(s.Length, scratch.Length * 2)];
            }

            var target = scratch.AsSpan(0, s.Length);
            if (upper)
            {
                Ascii.ToUpper(s, target, out _);
            }
            else
            {
                Ascii.ToLower(s, target, out _);
            }

            builder.Append(target);
            return;
        }

        var text = Encoding.UTF8.GetString(s);
        builder.Append(upper ? text.ToUpperInvariant() : text.ToLowerInvariant());
    }

    private static StringVector Concat(StringVector[] vectors, ValidityBitmap? validity, int n)
    {
        var offsets = new int[n + 1];
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            if (validity is null || validity.IsValid(i))
            {
                foreach (var v in vectors)
                {
                    total += v.RawOffsets[i + 1] - v.RawOffsets[i];
                }
            }

            offsets[i + 1] = total;
        }

        var data = new byte[total];
        for (var i = 0; i < n; i++)
        {
            if (validity is not null && !validity.IsValid(i))
            {
                continue;
            }

            var pos = offsets[i];
            foreach (var v in vectors)
            {
                var bytes = v.GetBytes(i);
                bytes.CopyTo(data.AsSpan(pos));
                pos += bytes.Length;
            }
        }

        return new StringVector(offsets, data, n, validity);
    }
}
