namespace Kiln.Plan.UserCode;

/// <summary>What a typed (object) operator does with its lambda. Values are part of the plan format: append only.</summary>
public enum ObjectOperatorKind : byte
{
    /// <summary>One output object per input object (<c>Select</c>).</summary>
    Map = 1,

    /// <summary>Keeps the input rows the predicate accepts (<c>Where</c>); the rows pass through unchanged.</summary>
    Filter = 2,

    /// <summary>Any number of output objects per input object (<c>SelectMany</c>).</summary>
    FlatMap = 3,

    /// <summary>The lambda receives the whole partition as a sequence (<c>MapPartitions</c>).</summary>
    MapPartitions = 4,

    /// <summary>Appends the columns of a computed key to the input rows (before grouping or joining by key).</summary>
    AppendColumns = 5,

    /// <summary>Calls an action per object and outputs nothing (<c>ForEach</c>).</summary>
    ForEach = 6,

    /// <summary>One output object per key group (<c>MapGroups</c>).</summary>
    MapGroups = 10,

    /// <summary>Any number of output objects per key group (<c>FlatMapGroups</c>).</summary>
    FlatMapGroups = 11,

    /// <summary>Folds each key group with a binary function into (key, value) (<c>ReduceGroups</c>).</summary>
    ReduceGroups = 12,
}
