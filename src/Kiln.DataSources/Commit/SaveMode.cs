namespace Kiln.DataSources.Commit;

/// <summary>What a write does when its output path already exists.</summary>
public enum SaveMode
{
    /// <summary>Fail with <see cref="Errors.OutputPathExistsException"/> (the default).</summary>
    ErrorIfExists,

    /// <summary>Replace the old contents, but only when the job commits.</summary>
    Overwrite,

    /// <summary>Add new part files next to the existing ones.</summary>
    Append,

    /// <summary>Write nothing and report that the write was skipped.</summary>
    Ignore,
}
