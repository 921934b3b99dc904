using Kiln.Status.Store;
using Microsoft.AspNetCore.Http;

namespace Kiln.Ui.Pages;

/// <summary>What a page renders from: the request, the application, and the base its links start with.</summary>
/// <param name="Base">PathBase (proxy prefix) plus the application's root: "" live, "/history/APPID" in the history server.</param>
internal sealed record PageContext(HttpContext Http, AppEntry Entry, string Base)
{
    public AppStatusStore Store => Entry.Store;

    public string Href(string path) => Base + path;

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    public int QueryInt(string name, int fallback) => int.TryParse(Query(name), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : fallback;
}
