namespace Kiln.Common.Types;

/// <summary>The logical type families Kiln supports. Each maps to one physical vector layout (see <see cref="DataType"/>).</summary>
public enum TypeId : byte
{
    Null = 0,
    Boolean = 1,
    Int32 = 2,
    Int64 = 3,
    Float64 = 4,
    Decimal = 5,
    String = 6,
    Date = 7,
    Timestamp = 8,
}
