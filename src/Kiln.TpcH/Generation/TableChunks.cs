namespace Kiln.TpcH.Generation;

/// <summary>
/// A table (or, for orders and line items, a pair of tables generated together) cut into chunks of rows. Each
/// chunk is a pure function of its index, so chunks can be generated on any thread in any order and concatenated.
/// </summary>
internal abstract class TableChunks
{
    protected TableChunks(TpchContext context, long rows, int rowsPerChunk, params TpchTable[] outputs)
    {
        Context = context;
        Rows = rows;
        RowsPerChunk = rowsPerChunk;
        Outputs = outputs;
    }

    public TpchContext Context { get; }

    /// <summary>The tables this generator writes, one buffer per table and chunk.</summary>
    public IReadOnlyList<TpchTable> Outputs { get; }

    /// <summary>Rows of the driving table (for orders: orders; line items follow them).</summary>
    public long Rows { get; }

    public int RowsPerChunk { get; }

    public long ChunkCount => (Rows + RowsPerChunk - 1) / RowsPerChunk;

    /// <summary>Writes chunk <paramref name="chunk"/> into one buffer per output and returns the rows written to each.</summary>
    public long[] WriteChunk(long chunk, CsvBuffer[] buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        var first = chunk * RowsPerChunk;
        var count = (int)Math.Min(RowsPerChunk, Rows - first);
        return WriteRows(first, count, buffers);
    }

    protected abstract long[] WriteRows(long first, int count, CsvBuffer[] buffers);
}
