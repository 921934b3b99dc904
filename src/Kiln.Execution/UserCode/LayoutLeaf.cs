using Kiln.Common.Types;

namespace Kiln.Execution.UserCode;

/// <summary>One column of an <see cref="ObjectLayout"/>: its name (and qualifier for nested members), the member path, CLR type and default column type.</summary>
public sealed record LayoutLeaf(string Name, string? Qualifier, IReadOnlyList<string> Path, Type ClrType, DataType DataType, bool Nullable)
{
    /// <summary>The member path as written in C#: <c>Home.City</c>.</summary>
    public string MemberPath => Path.Count == 0 ? "value" : string.Join(".", Path);
}
