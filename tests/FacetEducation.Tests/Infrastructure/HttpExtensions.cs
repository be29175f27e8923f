using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace FacetEducation.Tests.Infrastructure;

public static class HttpExtensions
{
    private static readonly HtmlParser Parser = new();

    /// <summary>GETs a page and parses it as the browser would.</summary>
    public static async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        return (response, await Parser.ParseDocumentAsync(html));
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes; returns whether it held.
    /// Used for hot reload, where the file watcher's notice arrives a few milliseconds after the write.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }
    }
}
