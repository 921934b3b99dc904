namespace Kiln.Ui.Pages;

/// <summary>The Environment tab: runtime facts and the configuration, secrets already redacted when the event was posted.</summary>
internal static class EnvironmentPage
{
    public static string Render(PageContext page) => page.Store.Read(s =>
        Layout.Page(page, "Environment", "Environment",
            "<h3>Runtime</h3>" + Html.Table("runtime-table", ["Name", "Value"], s.Runtime.Select(kv => new[] { Html.E(kv.Key), Html.E(kv.Value) }))
            + "<h3>Kiln properties</h3>" + Html.Table("properties-table", ["Name", "Value"], s.Properties.Select(kv => new[] { Html.E(kv.Key), Html.E(kv.Value) }))));
}
