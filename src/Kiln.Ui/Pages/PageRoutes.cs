using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Ui.Pages;

/// <summary>
/// Maps the pages. The live UI serves its one application at the root (<c>/jobs/</c>, <c>/stages/stage/?id=..</c>, ...);
/// the history server lists applications at <c>/</c> and serves each under <c>/history/APPID/</c>.
/// </summary>
internal static class PageRoutes
{
    private static readonly (string Path, Func<PageContext, string> Render)[] Pages =
    [
        ("/jobs/", JobsPage.Render), ("/jobs/job/", JobsPage.RenderJob), ("/stages/", StagesPage.Render), ("/stages/stage/", StagePage.Render),
        ("/storage/", StoragePage.Render), ("/executors/", ExecutorsPage.Render), ("/executors/log/", ExecutorLogPage.Render), ("/environment/", EnvironmentPage.Render), ("/SQL/", SqlPage.Render), ("/SQL/execution/", SqlPage.RenderExecution),
    ];

    public static void Map(IEndpointRouteBuilder routes, IStatusSource source)
    {
        if (source.IsHistory)
        {
            routes.MapGet("/", (HttpContext http) => Results.Content(HistoryIndexPage.Render(http, source), "text/html; charset=utf-8"));
            routes.MapGet("/history/{appId}/", (HttpContext http, string appId) => Results.Redirect($"{http.Request.PathBase}/history/{Uri.EscapeDataString(appId)}/jobs/"));
            foreach (var (path, render) in Pages)
            {
                routes.MapGet("/history/{appId}" + path, (HttpContext http, string appId) => source.Find(appId) is { } entry
                    ? Html(render(new PageContext(http, entry, $"{http.Request.PathBase}/history/{Uri.EscapeDataString(appId)}")))
                    : Results.NotFound($"no application {appId} in the event log directory"));
            }

            return;
        }

        routes.MapGet("/", (HttpContext http) => Results.Redirect($"{http.Request.PathBase}/jobs/"));
        foreach (var (path, render) in Pages)
        {
            routes.MapGet(path, (HttpContext http) => Html(render(new PageContext(http, source.Applications()[0], http.Request.PathBase.Value ?? string.Empty))));
        }
    }

    private static IResult Html(string page) => Results.Content(page, "text/html; charset=utf-8");
}
