namespace Kiln.Common.Types;

/// <summary>A named, typed column of a <see cref="Schema"/>.</summary>
public sealed record Field(string Name, DataType Type, bool Nullable = true)
{
    public override string ToString() => $"{Name}: {Type}{(Nullable ? "" : " not null")}";
}
