namespace Kiln.Plan.Logical;

public enum JoinType
{
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
    LeftAnti,
    Cross,
}
