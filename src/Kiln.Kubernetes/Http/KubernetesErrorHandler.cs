using System.Net.Http.Headers;

namespace Kiln.Kubernetes.Http;

/// <summary>
/// The outermost handler of Kiln's pipeline: turns every answer of 400 or more into the typed
/// <see cref="KubernetesApiException"/> subtype for its code (with the request parsed from method and URL),
/// and wraps the body of watch responses so that an ERROR event (a 410 Gone, say) also surfaces as one.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class KubernetesErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var info = RequestInfoParser.Parse(request.Method, request.RequestUri);
        if ((int)response.StatusCode < 400)
        {
            if (RequestInfoParser.IsStreaming(request.RequestUri) && info.Verb == "watch")
            {
                response.Content = await WatchContentAsync(response.Content, info, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw KubernetesApiException.Create(response.StatusCode, KubernetesStatus.TryParse(text), text, info);
        }
    }

    private static async Task<HttpContent> WatchContentAsync(HttpContent original, KubernetesRequestInfo info, CancellationToken cancellationToken)
    {
        var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var wrapped = new StreamContent(new WatchErrorStream(stream, original, info));
        foreach (var header in original.Headers)
        {
            wrapped.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        wrapped.Headers.ContentType ??= new MediaTypeHeaderValue("application/json");
        return wrapped;
    }
}
