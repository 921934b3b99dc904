namespace Kiln.Plan.Windows;

/// <summary>How a frame's bounds count: by physical rows, or by the value of the (single) ORDER BY key and its peers.</summary>
public enum FrameType
{
    Rows,
    Range,
}
