namespace Kiln.DataSources;

/// <summary>What a reader does with a record that does not fit the schema (Spark's <c>mode</c> option).</summary>
public enum ParseMode
{
    /// <summary>Bad fields become null; the raw record goes to the corrupt-record column when the schema has one.</summary>
    Permissive,

    /// <summary>Bad records are skipped.</summary>
    DropMalformed,

    /// <summary>The first bad record stops the read with a <see cref="Errors.MalformedRecordException"/>.</summary>
    FailFast,
}
