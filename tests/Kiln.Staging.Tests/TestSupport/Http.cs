using System.Net.Http.Headers;
using System.Text.Json;

namespace Kiln.Staging.Tests.TestSupport;

/// <summary>Plain HTTP calls to a staging server (no StagingClient), to check the API as any client sees it.</summary>
public static class Http
{
    public static async Task<(string Id, string Secret)> UploadAsync(HttpClient http, Uri server, byte[] body, string? appId = null)
    {
        using var response = await PostAsync(http, server, body, appId);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("resourceId").GetString()!, json.RootElement.GetProperty("resourceSecret").GetString()!);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri server, byte[] body, string? appId = null)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var path = appId is null ? "/api/v1/resources" : $"/api/v1/resources?appId={Uri.EscapeDataString(appId)}";
        return await http.PostAsync(new Uri(server, path), content);
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri server, string id, string? secret)
    {
        using var request = new HttpRequestMessage(method, new Uri(server, $"/api/v1/resources/{id}"));
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return await http.SendAsync(request);
    }
}
