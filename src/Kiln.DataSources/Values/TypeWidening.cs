using Kiln.Common.Types;

namespace Kiln.DataSources.Values;

/// <summary>
/// The widening lattice used by schema inference: null widens to anything; int → bigint → double; decimal joins
/// integers and doubles as double; date → timestamp; any other mix becomes string.
/// </summary>
internal static class TypeWidening
{
    public static DataType Widen(DataType a, DataType b)
    {
        if (a == b || b.Id == TypeId.Null)
        {
            return a;
        }

        if (a.Id == TypeId.Null)
        {
            return b;
        }

        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.Id == TypeId.Float64 || b.Id == TypeId.Float64 || a.Id == TypeId.Decimal || b.Id == TypeId.Decimal)
            {
                return DataType.Float64;
            }

            return DataType.Int64;
        }

        if (a.Id is TypeId.Date or TypeId.Timestamp && b.Id is TypeId.Date or TypeId.Timestamp)
        {
            return DataType.Timestamp;
        }

        return DataType.String;
    }

    /// <summary>Null (all values missing) becomes string, as in Spark.</summary>
    public static DataType Finish(DataType type) => type.Id == TypeId.Null ? DataType.String : type;

    /// <summary>Makes header names usable: blanks become <c>_c{i}</c>, names seen more than once (ignoring case) get their index appended.</summary>
    public static string[] MakeUnique(IReadOnlyList<string> names)
    {
        var counts = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var result = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            result[i] = string.IsNullOrWhiteSpace(name) ? $"_c{i}" : counts[name] > 1 ? $"{name}{i}" : name;
        }

        return result;
    }
}
