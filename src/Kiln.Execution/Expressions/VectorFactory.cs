using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>Builds the result vectors the kernels produce.</summary>
internal static class VectorFactory
{
    public static ColumnVector AllNull(DataType type, int n)
    {
        var validity = new ValidityBitmap(n, allValid: false);
        return type.Id switch
        {
            TypeId.Int32 or TypeId.Date => new PrimitiveVector<int>(type, new int[n], validity),
            TypeId.Int64 or TypeId.Timestamp => new PrimitiveVector<long>(type, new long[n], validity),
            TypeId.Float64 => new PrimitiveVector<double>(type, new double[n], validity),
            TypeId.Decimal => new PrimitiveVector<Int128>(type, new Int128[n], validity),
            TypeId.String => new StringVector(new int[n + 1], [], n, validity),
            _ => new PrimitiveVector<bool>(type, new bool[n], validity),
        };
    }

    public static PrimitiveVector<T> Filled<T>(DataType type, T value, int n)
        where T : unmanaged
    {
        var values = new T[n];
        Array.Fill(values, value);
        return new PrimitiveVector<T>(type, values);
    }

    public static StringVector FilledString(byte[] utf8, int n)
    {
        var data = new byte[utf8.Length * n];
        var offsets = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            utf8.CopyTo(data, i * utf8.Length);
            offsets[i + 1] = (i + 1) * utf8.Length;
        }

        return new StringVector(offsets, data, n);
    }

    /// <summary>A boolean vector over <paramref name="values"/>.</summary>
    public static PrimitiveVector<bool> Bools(bool[] values, ValidityBitmap? validity) =>
        new(DataType.Boolean, values, validity);
}
