using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Kiln.Staging.Server;

/// <summary>
/// The HTTP handlers of the staging server. Refusals carry a status code and no body: 401 when no bearer secret
/// was sent, 404 for everything else that does not match (malformed id, unknown, expired or deleted bundle, wrong
/// secret, another bundle's secret), so an answer never tells whether an id exists.
/// </summary>
internal static class ResourceEndpoints
{
    public const string AppIdHeader = "X-Kiln-App-Id";

    public static void Map(IEndpointRouteBuilder app, StagingStore store, long maxUploadBytes, ILogger log)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapPost("/api/v1/resources", (HttpContext context) => UploadAsync(context, store, maxUploadBytes, log));
        app.MapGet("/api/v1/resources/{id}", (HttpContext context, string id) => DownloadAsync(context, store, id, log));
        app.MapDelete("/api/v1/resources/{id}", (HttpContext context, string id) => Delete(context, store, id, log));
    }

    private static async Task UploadAsync(HttpContext context, StagingStore store, long maxUploadBytes, ILogger log)
    {
        var appId = context.Request.Query["appId"].FirstOrDefault() ?? context.Request.Headers[AppIdHeader].FirstOrDefault();
        if (appId is not null && !ResourceCredentials.IsPlainAppId(appId))
        {
            log.Refused("POST", "/api/v1/resources", "malformed application id");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("appId takes 1 to 128 letters, digits, '.', '_' or '-'", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > maxUploadBytes)
        {
            log.Refused("POST", "/api/v1/resources", $"{context.Request.ContentLength} bytes is over the limit of {maxUploadBytes}");
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        (ResourceRecord Record, string Secret)? stored;
        try
        {
            stored = await store.AddAsync(context.Request.Body, maxUploadBytes, appId, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away or sent a broken body; the store kept nothing. Answer if the connection still can.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (stored is not { } s)
        {
            log.Refused("POST", "/api/v1/resources", $"the body is over the limit of {maxUploadBytes} bytes");
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = $"/api/v1/resources/{s.Record.Id}";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new UploadAnswer(s.Record.Id, s.Secret), StagingJson.Default.UploadAnswer, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DownloadAsync(HttpContext context, StagingStore store, string id, ILogger log)
    {
        if (Authorize(context, store, id, "GET", log) is not { } record)
        {
            return;
        }

        var bundle = store.OpenBundle(record);
        if (bundle is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using (bundle.ConfigureAwait(false))
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = bundle.Length;
            context.Response.Headers.CacheControl = "no-store";
            await bundle.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }

        log.Served(id);
    }

    private static void Delete(HttpContext context, StagingStore store, string id, ILogger log)
    {
        if (Authorize(context, store, id, "DELETE", log) is null)
        {
            return;
        }

        context.Response.StatusCode = store.Delete(id) ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
        log.Deleted(id);
    }

    /// <summary>The bundle the request may read; otherwise sets 401 or 404 and returns null.</summary>
    private static ResourceRecord? Authorize(HttpContext context, StagingStore store, string id, string method, ILogger log)
    {
        if (!ResourceCredentials.IsPlainId(id))
        {
            log.Refused(method, "(malformed id)", "not a resource id");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }

        if (BearerSecret(context.Request) is not { } secret)
        {
            log.Refused(method, id, "no bearer secret");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return null;
        }

        var record = store.Find(id, secret);
        if (record is null)
        {
            log.Refused(method, id, "unknown, expired or deleted bundle, or a secret that does not match");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return record;
    }

    private static string? BearerSecret(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var secret = header[Scheme.Length..].Trim();
        return secret.Length == 0 ? null : secret;
    }
}
