namespace Kiln;

public sealed partial class Dataset<T>
{
    /// <inheritdoc cref="DataFrame.Cache"/>
    public Dataset<T> Cache() => Persist(Kiln.StorageLevel.MemoryAndDisk);

    /// <inheritdoc cref="DataFrame.Persist"/>
    public Dataset<T> Persist(StorageLevel level = Kiln.StorageLevel.MemoryAndDisk)
    {
        ToDF().Persist(level);
        return this;
    }

    /// <inheritdoc cref="DataFrame.Unpersist"/>
    public Dataset<T> Unpersist()
    {
        ToDF().Unpersist();
        return this;
    }

    public StorageLevel? StorageLevel => ToDF().StorageLevel;
}
