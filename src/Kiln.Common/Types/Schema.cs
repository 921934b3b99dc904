namespace Kiln.Common.Types;

/// <summary>An ordered list of fields. Column names are matched case-insensitively, as in Spark SQL.</summary>
public sealed class Schema : IEquatable<Schema>
{
    public Schema(IEnumerable<Field> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields.ToArray();
    }

    public Schema(params Field[] fields)
        : this((IEnumerable<Field>)fields)
    {
    }

    public static Schema Empty { get; } = new();

    public IReadOnlyList<Field> Fields { get; }

    public int Count => Fields.Count;

    public Field this[int index] => Fields[index];

    public IEnumerable<string> Names => Fields.Select(f => f.Name);

    /// <summary>The index of the first field named <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (string.Equals(Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Equals(Schema? other) => other is not null && Fields.SequenceEqual(other.Fields);

    public override bool Equals(object? obj) => Equals(obj as Schema);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var f in Fields)
        {
            hash.Add(f);
        }

        return hash.ToHashCode();
    }

    /// <summary>The DDL form accepted by <c>schema(...)</c> options: <c>id int, name string</c>.</summary>
    public string ToDdl() => string.Join(", ", Fields.Select(f => $"{f.Name} {f.Type}"));

    /// <summary>Parses <c>name type, name type, ...</c>; decimal(p,s) commas are handled.</summary>
    public static Schema ParseDdl(string ddl)
    {
        ArgumentNullException.ThrowIfNull(ddl);
        var fields = new List<Field>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= ddl.Length; i++)
        {
            if (i < ddl.Length && ddl[i] == '(')
            {
                depth++;
            }
            else if (i < ddl.Length && ddl[i] == ')')
            {
                depth--;
            }
            else if (i == ddl.Length || (ddl[i] == ',' && depth == 0))
            {
                var part = ddl[start..i].Trim();
                start = i + 1;
                if (part.Length == 0)
                {
                    continue;
                }

                var space = part.IndexOfAny([' ', '\t']);
                if (space < 0)
                {
                    throw new FormatException($"schema entry '{part}' needs a name and a type, as in 'id int'");
                }

                var name = part[..space].Trim().Trim('`');
                var typeText = part[(space + 1)..].Trim();
                var nullable = true;
                if (typeText.EndsWith(" not null", StringComparison.OrdinalIgnoreCase))
                {
                    nullable = false;
                    typeText = typeText[..^" not null".Length].Trim();
                }

                if (!DataType.TryParse(typeText, out var type))
                {
                    throw new FormatException($"schema entry '{part}': '{typeText}' is not a known type; use one of boolean, int, bigint, double, decimal(p,s), string, date, timestamp");
                }

                fields.Add(new Field(name, type, nullable));
            }
        }

        return new Schema(fields);
    }

    public override string ToString() => ToDdl();
}
