using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Kiln.Ui.Http;

/// <summary>
/// The optional access token (<c>kiln.ui.authToken</c>): a request passes with <c>Authorization: Bearer TOKEN</c>, the
/// cookie set by a first visit with <c>?token=TOKEN</c>, or that query itself. Compared in constant time.
/// </summary>
internal static class TokenCheck
{
    public const string CookieName = "kiln_ui_token";

    public static bool Allows(HttpContext context, string token)
    {
        if (token.Length == 0)
        {
            return true;
        }

        var request = context.Request;
        var header = request.Headers.Authorization.FirstOrDefault();
        if (header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) && Same(header["Bearer ".Length..], token))
        {
            return true;
        }

        if (request.Cookies.TryGetValue(CookieName, out var cookie) && Same(cookie, token))
        {
            return true;
        }

        if (request.Query.TryGetValue("token", out var query) && Same(query.ToString(), token))
        {
            var path = request.PathBase.HasValue ? request.PathBase.Value! : "/";
            context.Response.Cookies.Append(CookieName, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = path });
            return true;
        }

        return false;
    }

    private static bool Same(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));
}
