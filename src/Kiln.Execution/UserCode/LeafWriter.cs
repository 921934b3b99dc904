using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Appends CLR values of one type to a column builder of a given column type: the bridge from a UDF result or a
/// Dataset member to a vector. Null appends NULL; a decimal that does not fit the column's precision is an error.
/// </summary>
public abstract class LeafWriter
{
    public abstract Type ClrType { get; }

    /// <summary>A writer, or null when values of <paramref name="clr"/> cannot be stored in a <paramref name="target"/> column.</summary>
    public static LeafWriter? TryCreate(Type clr, DataType target, string describe)
    {
        ArgumentNullException.ThrowIfNull(clr);
        ArgumentNullException.ThrowIfNull(target);
        var under = Nullable.GetUnderlyingType(clr);
        var u = under ?? clr;
        var nullable = under is not null;
        if (u == typeof(string))
        {
            return target.Id == TypeId.String ? new StringWriter() : null;
        }

        var (precision, scale) = (target.Precision, target.Scale);
        return (u.Name, target.Id) switch
        {
            ("Boolean", TypeId.Boolean) => Make<bool, bool>(x => x, nullable),
            ("Int32", TypeId.Int32) => Make<int, int>(x => x, nullable),
            ("Int16", TypeId.Int32) => Make<short, int>(x => x, nullable),
            ("Byte", TypeId.Int32) => Make<byte, int>(x => x, nullable),
            ("Int32", TypeId.Int64) => Make<int, long>(x => x, nullable),
            ("Int64", TypeId.Int64) => Make<long, long>(x => x, nullable),
            ("Double", TypeId.Float64) => Make<double, double>(x => x, nullable),
            ("Single", TypeId.Float64) => Make<float, double>(x => x, nullable),
            ("Int32", TypeId.Float64) => Make<int, double>(x => x, nullable),
            ("Int64", TypeId.Float64) => Make<long, double>(x => x, nullable),
            ("Decimal", TypeId.Decimal) => Make<decimal, Int128>(x => ToUnscaled(x, precision, scale, describe), nullable),
            ("Int32", TypeId.Decimal) => Make<int, Int128>(x => ToUnscaled(x, precision, scale, describe), nullable),
            ("Int64", TypeId.Decimal) => Make<long, Int128>(x => ToUnscaled(x, precision, scale, describe), nullable),
            ("DateOnly", TypeId.Date) => Make<DateOnly, int>(ScalarValues.ToDays, nullable),
            ("DateTime", TypeId.Timestamp) => Make<DateTime, long>(ScalarValues.ToMicros, nullable),
            _ => null,
        };
    }

    private static Int128 ToUnscaled(decimal value, int precision, int scale, string describe) =>
        ScalarValues.TryDecimalFromClr(value, precision, scale, out var unscaled)
            ? unscaled
            : throw new OverflowException($"{value} does not fit decimal({precision},{scale}) for {describe}");

    private static LeafWriter Make<T, TPhysical>(Func<T, TPhysical> convert, bool nullable)
        where T : struct
        where TPhysical : unmanaged =>
        nullable ? new NullableWriter<T, TPhysical>(convert) : new ValueWriter<T, TPhysical>(convert);

    private sealed class ValueWriter<T, TPhysical>(Func<T, TPhysical> convert) : LeafWriter<T>
        where TPhysical : unmanaged
    {
        public override void Write(VectorBuilder builder, T value) => ((PrimitiveVectorBuilder<TPhysical>)builder).Append(convert(value));
    }

    private sealed class NullableWriter<T, TPhysical>(Func<T, TPhysical> convert) : LeafWriter<T?>
        where T : struct
        where TPhysical : unmanaged
    {
        public override void Write(VectorBuilder builder, T? value)
        {
            if (value is { } v)
            {
                ((PrimitiveVectorBuilder<TPhysical>)builder).Append(convert(v));
            }
            else
            {
                builder.AppendNull();
            }
        }
    }

    private sealed class StringWriter : LeafWriter<string?>
    {
        public override void Write(VectorBuilder builder, string? value)
        {
            if (value is null)
            {
                builder.AppendNull();
            }
            else
            {
                ((StringVectorBuilder)builder).Append(value);
            }
        }
    }
}

/// <summary>Typed appends of one column; see <see cref="LeafWriter"/>.</summary>
/// <remarks>Stateless: one instance may be used from several threads, each with its own builder.</remarks>
public abstract class LeafWriter<T> : LeafWriter
{
    public override Type ClrType => typeof(T);

    public abstract void Write(VectorBuilder builder, T value);
}
