namespace Kiln;

/// <summary>What a write did: the output path, whether it was skipped (mode ignore and the path existed), and the part files committed.</summary>
public sealed record WriteResult(string Path, bool Skipped, IReadOnlyList<string> Files);
