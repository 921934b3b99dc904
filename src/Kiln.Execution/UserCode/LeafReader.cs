using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Reads one column's values as a CLR type: the bridge from a vector to a UDF argument or a Dataset member.
/// Chosen once per (column type, CLR type); allows lossless widenings (int → long, decimal(p,s) → decimal,
/// date → DateTime, ...). A NULL read into a non-nullable value type raises <see cref="NullValueException"/>.
/// </summary>
public abstract class LeafReader
{
    public abstract Type ClrType { get; }

    /// <summary>A reader, or null when a column of <paramref name="source"/> cannot be read as <paramref name="clr"/>.</summary>
    /// <param name="describe">What the value feeds, for the NULL message ("Person.Age", "argument 1 of udf f").</param>
    public static LeafReader? TryCreate(Type clr, DataType source, string describe)
    {
        ArgumentNullException.ThrowIfNull(clr);
        ArgumentNullException.ThrowIfNull(source);
        var under = Nullable.GetUnderlyingType(clr);
        var u = under ?? clr;
        var nullable = under is not null;
        if (source.Id == TypeId.Null && ClrTypes.IsScalar(clr))
        {
            return (LeafReader)Activator.CreateInstance(typeof(NullSourceReader<>).MakeGenericType(clr), describe)!;
        }

        if (u == typeof(string))
        {
            return source.Id == TypeId.String ? new StringReader() : null;
        }

        var scale = source.Scale;
        return (u.Name, source.Id) switch
        {
            ("Boolean", TypeId.Boolean) => Make<bool, bool>(x => x, nullable, describe),
            ("Int32", TypeId.Int32) => Make<int, int>(x => x, nullable, describe),
            ("Int16", TypeId.Int32) => Make<int, short>(x => (short)x, nullable, describe),
            ("Byte", TypeId.Int32) => Make<int, byte>(x => (byte)x, nullable, describe),
            ("Int64", TypeId.Int32) => Make<int, long>(x => x, nullable, describe),
            ("Int64", TypeId.Int64) => Make<long, long>(x => x, nullable, describe),
            ("Double", TypeId.Float64) => Make<double, double>(x => x, nullable, describe),
            ("Double", TypeId.Int32) => Make<int, double>(x => x, nullable, describe),
            ("Double", TypeId.Int64) => Make<long, double>(x => x, nullable, describe),
            ("Double", TypeId.Decimal) => Make<Int128, double>(x => (double)ScalarValues.DecimalToClr(x, scale), nullable, describe),
            ("Single", TypeId.Float64) => Make<double, float>(x => (float)x, nullable, describe),
            ("Single", TypeId.Int32) => Make<int, float>(x => x, nullable, describe),
            ("Decimal", TypeId.Decimal) => Make<Int128, decimal>(x => ScalarValues.DecimalToClr(x, scale), nullable, describe),
            ("Decimal", TypeId.Int32) => Make<int, decimal>(x => x, nullable, describe),
            ("Decimal", TypeId.Int64) => Make<long, decimal>(x => x, nullable, describe),
            ("DateOnly", TypeId.Date) => Make<int, DateOnly>(ScalarValues.FromDays, nullable, describe),
            ("DateTime", TypeId.Timestamp) => Make<long, DateTime>(ScalarValues.FromMicros, nullable, describe),
            ("DateTime", TypeId.Date) => Make<int, DateTime>(d => ScalarValues.FromDays(d).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), nullable, describe),
            _ => null,
        };
    }

    private static LeafReader Make<TPhysical, T>(Func<TPhysical, T> convert, bool nullable, string describe)
        where TPhysical : unmanaged
        where T : struct =>
        nullable ? new NullableReader<TPhysical, T>(convert) : new ValueReader<TPhysical, T>(convert, describe);

    private sealed class ValueReader<TPhysical, T>(Func<TPhysical, T> convert, string describe) : LeafReader<T>
        where TPhysical : unmanaged
    {
        public override T Read(ColumnVector vector, int row) =>
            vector.IsNull(row) ? throw new NullValueException(describe, typeof(T)) : convert(((PrimitiveVector<TPhysical>)vector)[row]);
    }

    private sealed class NullableReader<TPhysical, T>(Func<TPhysical, T> convert) : LeafReader<T?>
        where TPhysical : unmanaged
        where T : struct
    {
        public override T? Read(ColumnVector vector, int row) =>
            vector.IsNull(row) ? null : convert(((PrimitiveVector<TPhysical>)vector)[row]);
    }

    private sealed class StringReader : LeafReader<string?>
    {
        public override string? Read(ColumnVector vector, int row) => vector.IsNull(row) ? null : ((StringVector)vector).GetString(row);
    }

    private sealed class NullSourceReader<T>(string describe) : LeafReader<T>
    {
        public override T Read(ColumnVector vector, int row) =>
            default(T) is null ? default! : throw new NullValueException(describe, typeof(T));
    }
}

/// <summary>Typed reads of one column; see <see cref="LeafReader"/>.</summary>
/// <remarks>Stateless: one instance may be used from several threads.</remarks>
public abstract class LeafReader<T> : LeafReader
{
    public override Type ClrType => typeof(T);

    public abstract T Read(ColumnVector vector, int row);
}
