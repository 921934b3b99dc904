namespace Kiln.Plan.Logical;

/// <summary>How a <see cref="Join"/> combines its inputs.</summary>

public enum JoinType
{
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
    LeftAnti,
    Cross,

    /// <summary>
    /// Every left row once, with a boolean <see cref="Join.Mark"/> column: whether some right row satisfies the
    /// condition (Spark's ExistenceJoin). Subqueries under OR, NOT or CASE become these.
    /// </summary>
    Existence,
}
