using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.DataSources.Values;

/// <summary>
/// Collects one column of a batch being parsed, straight from UTF-8 text. Unlike the shared vector builders it can
/// roll back to an earlier row count (a dropped malformed record) and never grows its value array: a batch holds at
/// most the capacity it was created with.
/// </summary>
/// <remarks>Not thread-safe; one per column per reader.</remarks>
internal abstract class ColumnSink
{
    private ulong[]? _validWords;

    protected ColumnSink(DataType type, int capacity)
    {
        Type = type;
        Capacity = capacity;
    }

    public DataType Type { get; }

    public int Capacity { get; }

    public int Count { get; protected set; }

    public static ColumnSink Create(DataType type, int capacity, DateTimePattern datePattern, DateTimePattern timestampPattern) => type.Id switch
    {
        TypeId.Boolean => new BooleanSink(type, capacity),
        TypeId.Int32 => new Int32Sink(type, capacity),
        TypeId.Int64 => new Int64Sink(type, capacity),
        TypeId.Float64 => new Float64Sink(type, capacity),
        TypeId.Decimal => new DecimalSink(type, capacity),
        TypeId.Date => new DateSink(type, capacity, datePattern),
        TypeId.Timestamp => new TimestampSink(type, capacity, timestampPattern),
        TypeId.String => new StringSink(capacity),
        _ => throw new NotSupportedException($"columns of type {type} cannot be read from text files"),
    };

    /// <summary>Parses and appends <paramref name="text"/>; appends nothing and returns false when it does not parse.</summary>
    public abstract bool TryAppend(ReadOnlySpan<byte> text);

    /// <summary>A quoted empty field: the empty string for strings, null for every other type.</summary>
    public virtual void AppendQuotedEmpty() => AppendNull();

    public void AppendNull()
    {
        _validWords ??= NewValidWords();
        _validWords[Count >> 6] &= ~(1UL << Count);
        AppendDefault();
    }

    /// <summary>Forgets the rows from <paramref name="rows"/> on.</summary>
    public void Truncate(int rows)
    {
        if (_validWords is { } words)
        {
            for (var r = rows; r < Count; r++)
            {
                words[r >> 6] |= 1UL << r;
            }
        }

        TruncateValues(rows);
        Count = rows;
    }

    /// <summary>Hands the collected rows over as an immutable vector and starts a new batch.</summary>
    public ColumnVector Build()
    {
        var validity = _validWords is { } w ? ValidityBitmap.FromWords(w, Count) : null;
        _validWords = null;
        var vector = BuildVector(validity);
        Count = 0;
        return vector;
    }

    protected abstract void AppendDefault();

    protected virtual void TruncateValues(int rows)
    {
    }

    protected abstract ColumnVector BuildVector(ValidityBitmap? validity);

    private ulong[] NewValidWords()
    {
        var words = new ulong[ValidityBitmap.WordCount(Capacity)];
        Array.Fill(words, ulong.MaxValue);
        return words;
    }
}
