using Kiln.Status.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Ui.Api;

/// <summary>
/// Maps Spark's REST API under <c>/api/v1</c>: applications, and per application jobs, stages (with attempts and
/// their taskList), executors, allexecutors, environment, storage/rdd and sql. Unknown applications, jobs and stages are 404.
/// </summary>
internal static class RestApi
{
    public static void Map(IEndpointRouteBuilder routes, IStatusSource source)
    {
        var api = routes.MapGroup("/api/v1");
        api.MapGet("/applications", () => Results.Json(source.Applications().Select(a => a.Store.Read(RestShapes.Application)).ToArray()));
        api.MapGet("/version", () => Results.Json(new { spark = typeof(RestApi).Assembly.GetName().Version?.ToString(3) }));

        var app = api.MapGroup("/applications/{appId}");
        app.MapGet("/", (string appId) => With(source, appId, RestShapes.Application));
        app.MapGet("/jobs", (string appId, string? status) => With(source, appId, s =>
            s.Jobs.Where(j => status is null || string.Equals(j.Status, status, StringComparison.OrdinalIgnoreCase)).Reverse().Select(RestShapes.Job).ToArray()));
        app.MapGet("/jobs/{jobId:int}", (string appId, int jobId) => With(source, appId, s => s.Job(jobId) is { } j ? RestShapes.Job(j) : null));
        app.MapGet("/stages", (string appId, string? status) => With(source, appId, s =>
            s.Stages.Where(st => status is null || string.Equals(st.Status, status, StringComparison.OrdinalIgnoreCase)).Reverse().Select(RestShapes.Stage).ToArray()));
        app.MapGet("/stages/{stageId:int}", (string appId, int stageId) => With(source, appId, s =>
        {
            var attempts = s.StageAttempts(stageId).Select(RestShapes.Stage).ToArray();
            return attempts.Length == 0 ? null : attempts;
        }));
        app.MapGet("/stages/{stageId:int}/{attempt:int}", (string appId, int stageId, int attempt) => With(source, appId, s =>
            s.Stage(stageId, attempt) is { } st ? RestShapes.Stage(st) : null));
        app.MapGet("/stages/{stageId:int}/{attempt:int}/taskList", (string appId, int stageId, int attempt, int? offset, int? length, string? sortBy) =>
            With(source, appId, s => s.Stage(stageId, attempt) is { } st
                ? TaskQuery.Page(st.Tasks, sortBy, false, offset ?? 0, length ?? 20).Select(t => RestShapes.Task(t, st.IsShuffleMap)).ToArray()
                : null));
        app.MapGet("/executors", (HttpContext http, string appId) => Executors(source, http, appId, activeOnly: true));
        app.MapGet("/allexecutors", (HttpContext http, string appId) => Executors(source, http, appId, activeOnly: false));
        app.MapGet("/environment", (string appId) => With(source, appId, RestShapes.Environment));
        app.MapGet("/storage/rdd", (string appId) => With(source, appId, s => s.CachedData.Select(RestShapes.Storage).ToArray()));
        app.MapGet("/storage/rdd/{id:long}", (string appId, long id) => With(source, appId, s => s.Cached(id) is { } c ? RestShapes.Storage(c) : null));
        app.MapGet("/sql", (string appId, bool? details) => With(source, appId, s => s.SqlExecutions.Select(q => RestShapes.Sql(s, q, details ?? true)).ToArray()));
        app.MapGet("/sql/{id:long}", (string appId, long id, bool? details) => With(source, appId, s =>
            s.SqlExecution(id) is { } q ? RestShapes.Sql(s, q, details ?? true) : null));
    }

    /// <summary>Executors with Spark's <c>executorLogs</c>: absolute links to the stdout / stderr kept for each.</summary>
    private static IResult Executors(IStatusSource source, HttpContext http, string appId, bool activeOnly)
    {
        if (source.Find(appId) is not { } entry)
        {
            return Results.NotFound(new { message = $"no such application: {appId}" });
        }

        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{(source.IsHistory ? "/history/" + Uri.EscapeDataString(appId) : string.Empty)}";
        var body = entry.Store.Read(s => s.Executors.Where(x => x.IsActive || !activeOnly).Select(x => RestShapes.Executor(x, ExecutorLogLinks(entry, root, x.Id))).ToArray());
        return Results.Json(body);
    }

    private static Dictionary<string, string> ExecutorLogLinks(AppEntry entry, string root, string executorId) =>
        Status.ExecutorLogs.ExecutorLogFiles.Streams
            .Where(stream => entry.ExecutorLogDir is { } dir && Status.ExecutorLogs.ExecutorLogFiles.FileFor(dir, executorId, stream) is { } path && File.Exists(path))
            .ToDictionary(stream => stream, stream => $"{root}/executors/log/?id={Uri.EscapeDataString(executorId)}&stream={stream}", StringComparer.Ordinal);

    private static IResult With(IStatusSource source, string appId, Func<AppStatusStore, object?> shape)
    {
        if (source.Find(appId) is not { } entry)
        {
            return Results.NotFound(new { message = $"no such application: {appId}" });
        }

        var body = entry.Store.Read(shape);
        return body is null ? Results.NotFound(new { message = "not found" }) : Results.Json(body);
    }
}
