namespace Kiln.Plan.Serialization;

/// <summary>Tags of expression nodes in the binary plan format. Values are part of the wire format: append only.</summary>
public enum ExprTag : byte
{
    BoundRef = 1,
    AttributeRef = 2,
    Literal = 3,
    Binary = 4,
    Unary = 5,
    Case = 6,
    Cast = 7,
    In = 8,
    Like = 9,
    Function = 10,
    Aggregate = 11,
    Alias = 12,

    /// <summary>A user-defined function call (see <see cref="UserCode.UserCodeFormat"/>); user-code tags start at 100.</summary>
    UserFunction = 100,
}
