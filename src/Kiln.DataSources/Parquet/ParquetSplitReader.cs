using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Files;
using Kiln.DataSources.Filters;
using ParquetSharp;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// Reads the row groups of one <see cref="FileSplit"/> of a Parquet file as batches of the projected columns only.
/// </summary>
/// <remarks>
/// <para>Split ownership: a row group belongs to the split holding its midpoint (its start is the sum of the compressed
/// sizes of the row groups before it), so each row group is read by exactly one split and a large file by many tasks.</para>
/// <para>A row group whose statistics show that no row can satisfy the pushed-down filter is skipped
/// (<see cref="RowGroupsSkipped"/>). Columns of the read schema missing from the file (merged schemas) read as nulls;
/// a projected column Kiln cannot hold raises <see cref="UnsupportedColumnTypeException"/>. Decoding errors raise
/// <see cref="CorruptFileException"/> naming the file, row group and column, or with <c>ignoreCorruptFiles</c> end the
/// file early (<see cref="SkippedCorruptFile"/>). Single consumer, not thread-safe.</para>
/// </remarks>
public sealed class ParquetSplitReader : IRecordBatchReader
{
    private readonly FileSplit _split;
    private readonly ParquetOptions _options;
    private readonly int _batchSize;
    private readonly int[] _columns;
    private readonly SourceFilter? _filter;
    private readonly Schema _dataSchema;
    private readonly ParquetFileReader? _file;
    private readonly ParquetColumn?[] _fileColumns = [];
    private readonly Queue<int> _rowGroups = new();
    private RowGroupReader? _group;
    private ParquetColumnDecoder?[] _decoders = [];
    private int _groupIndex = -1;
    private long _remaining;
    private bool _stopped;

    public ParquetSplitReader(FileSplit split, Schema dataSchema, ParquetOptions options, int batchSize, IReadOnlyList<int> columns, SourceFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(dataSchema);
        ArgumentNullException.ThrowIfNull(columns);
        _split = split;
        _dataSchema = dataSchema;
        _options = options ?? ParquetOptions.Default;
        _batchSize = Math.Max(1, batchSize);
        _columns = columns.ToArray();
        _filter = filter;
        Schema = new Schema(_columns.Select(c => dataSchema[c]));
        try
        {
            _file = ParquetFiles.Open(split.Path);
            using var meta = _file.FileMetaData;
            var byName = ParquetTypeMapper.Map(meta.Schema).ToDictionary(c => c.Name, StringComparer.Ordinal);
            _fileColumns = dataSchema.Fields.Select(f => byName.GetValueOrDefault(f.Name)).ToArray();
            foreach (var c in _columns)
            {
                if (_fileColumns[c] is { Unsupported: true } u)
                {
                    throw new UnsupportedColumnTypeException(split.Path, u.Name, u.FileType);
                }
            }

            PlanRowGroups(_file, meta.NumRowGroups);
        }
        catch (ParquetException e)
        {
            _file?.Dispose();
            _file = null;
            Fail(null, null, e);
        }
    }

    public Schema Schema { get; }

    /// <summary>Row groups of this split decoded so far.</summary>
    public int RowGroupsRead { get; private set; }

    /// <summary>Row groups of this split skipped by their statistics.</summary>
    public int RowGroupsSkipped { get; private set; }

    /// <summary>Column chunks decoded so far: one per projected column present in the file, per row group read.</summary>
    public int ColumnChunksRead { get; private set; }

    /// <summary>
    /// True when this split gave up on its file as unreadable (<c>ignoreCorruptFiles</c>). An unreadable footer is
    /// reported only by the file's first split, so each file counts once however many splits it has.
    /// </summary>
    public bool SkippedCorruptFile { get; private set; }

    public RecordBatch? ReadBatch(CancellationToken cancellationToken = default)
    {
        while (_file is not null && !_stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_remaining == 0 && !NextRowGroup())
            {
                return null;
            }

            var n = (int)Math.Min(_batchSize, _remaining);
            var vectors = new ColumnVector[_columns.Length];
            for (var i = 0; i < _columns.Length; i++)
            {
                try
                {
                    vectors[i] = _decoders[i]?.Read(n) ?? Nulls(Schema[i].Type, n);
                }
                catch (Exception e) when (e is ParquetException or InvalidDataException or InvalidCastException)
                {
                    Fail(_groupIndex, Schema[i].Name, e);
                    return null;
                }
            }

            _remaining -= n;
            return new RecordBatch(Schema, vectors, n);
        }

        return null;
    }

    private void PlanRowGroups(ParquetFileReader file, int rowGroups)
    {
        long start = 4;
        for (var g = 0; g < rowGroups; g++)
        {
            using var reader = file.RowGroup(g);
            var group = reader.MetaData;
            long size = 0;
            for (var c = 0; c < group.NumColumns; c++)
            {
                using var chunk = group.GetColumnChunkMetaData(c);
                size += chunk.TotalCompressedSize;
            }

            var mid = start + (size / 2);
            if (mid >= _split.Start && mid < _split.End && group.NumRows > 0)
            {
                _rowGroups.Enqueue(g);
            }

            start += size;
        }
    }

    private bool NextRowGroup()
    {
        CloseGroup();
        while (_rowGroups.TryDequeue(out var g))
        {
            try
            {
                _group = _file!.RowGroup(g);
                _groupIndex = g;
                var meta = _group.MetaData;
                if (_filter is not null && !RowGroupPruner.MightMatch(_filter, c => Statistics(meta, c)))
                {
                    RowGroupsSkipped++;
                    CloseGroup();
                    continue;
                }

                _remaining = meta.NumRows;
                _decoders = _columns.Select(c => _fileColumns[c] is { } col
                    ? new ParquetColumnDecoder(_group.Column(col.Leaf), col, _dataSchema[c].Type)
                    : null).ToArray();
                RowGroupsRead++;
                ColumnChunksRead += _decoders.Count(d => d is not null);
                return true;
            }
            catch (ParquetException e)
            {
                Fail(g, null, e);
                return false;
            }
        }

        return false;
    }

    private ColumnStatistics? Statistics(RowGroupMetaData meta, int column)
    {
        if (_fileColumns[column] is not { Unsupported: false } col)
        {
            return null;
        }

        using var chunk = meta.GetColumnChunkMetaData(col.Leaf);
        return RowGroupPruner.Read(chunk, col, meta.NumRows);
    }

    private void Fail(int? rowGroup, string? column, Exception e)
    {
        if (!_options.IgnoreCorruptFiles)
        {
            throw new CorruptFileException(_split.Path, "Parquet", rowGroup, column, e);
        }

        _stopped = true;
        SkippedCorruptFile = rowGroup is not null || _split.Start == 0;
    }

    private static ColumnVector Nulls(DataType type, int n)
    {
        var builder = VectorBuilder.Create(type, n);
        for (var i = 0; i < n; i++)
        {
            builder.AppendNull();
        }

        return builder.Build();
    }

    private void CloseGroup()
    {
        foreach (var d in _decoders)
        {
            d?.Dispose();
        }

        _decoders = [];
        _group?.Dispose();
        _group = null;
    }

    public void Dispose()
    {
        CloseGroup();
        _file?.Dispose();
    }
}
