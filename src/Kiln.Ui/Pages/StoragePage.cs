using System.Globalization;

namespace Kiln.Ui.Pages;

/// <summary>The Storage tab: every cached DataFrame with its level, how many of its partitions are cached and their size in memory and on disk.</summary>
internal static class StoragePage
{
    public static string Render(PageContext page) => page.Store.Read(s => Layout.Page(page, "Storage", "Storage", Html.Table(
        "storage-table",
        ["Id", "Name", "Storage level", "Cached partitions", "Fraction cached", "Size in memory", "Size on disk"],
        s.CachedData.Select(c => new[]
        {
            c.Id.ToString(CultureInfo.InvariantCulture),
            Html.E(c.Name),
            Html.E(c.StorageLevel),
            $"{c.CachedPartitionCount} / {c.PartitionCount}",
            c.PartitionCount == 0 ? "0%" : (c.CachedPartitionCount * 100 / c.PartitionCount).ToString(CultureInfo.InvariantCulture) + "%",
            Html.Bytes(c.MemoryUsed),
            Html.Bytes(c.DiskUsed),
        }))));
}
