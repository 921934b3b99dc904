namespace Kiln.Network.Blocks;

/// <summary>An opened block: its length, a version, and positional reads of its bytes.</summary>
/// <remarks>Used by one request at a time; disposed by the server.</remarks>
public interface IBlockHandle : IDisposable
{
    long Length { get; }

    /// <summary>
    /// Changes whenever the block is rewritten (a re-run map task commits new files): a reader fetching a large
    /// block in several ranges checks that every range came from the same version.
    /// </summary>
    long Version { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/> within the block; 0 only at its end.</summary>
    ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);
}
