namespace Kiln.Network.Transport;

[Flags]
internal enum FrameFlags : byte
{
    None = 0,

    /// <summary>The last frame of a stream (a block range's answer).</summary>
    End = 1,
}
