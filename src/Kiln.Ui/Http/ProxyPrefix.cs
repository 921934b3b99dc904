using Microsoft.AspNetCore.Http;

namespace Kiln.Ui.Http;

/// <summary>
/// Serves the UI under a reverse proxy's sub-path: a request's <c>X-Forwarded-Prefix</c>, else
/// <c>kiln.ui.proxyBase</c>, becomes the request's PathBase, which every link and redirect starts with. A proxy may
/// pass the prefix on (it is then cut from the path) or strip it.
/// </summary>
internal static class ProxyPrefix
{
    public static void Apply(HttpContext context, string proxyBase)
    {
        var request = context.Request;
        if (proxyBase.Length > 0 && request.Path.StartsWithSegments(proxyBase, out var rest))
        {
            request.PathBase = proxyBase;
            request.Path = rest.HasValue ? rest : "/";
            return;
        }

        var forwarded = request.Headers["X-Forwarded-Prefix"].FirstOrDefault()?.TrimEnd('/');
        if (!string.IsNullOrEmpty(forwarded) && forwarded.StartsWith('/'))
        {
            request.PathBase = forwarded;
            if (request.Path.StartsWithSegments(forwarded, out var tail))
            {
                request.Path = tail.HasValue ? tail : "/";
            }
        }
        else if (proxyBase.Length > 0)
        {
            request.PathBase = proxyBase;
        }
    }
}
