using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;

namespace FacetEducation.Tests.Search;

/// <summary>Reads the search results page as a visitor sees it.</summary>
internal static class SearchPage
{
    public static async Task<(System.Net.HttpStatusCode Status, IHtmlDocument Document)> SearchAsync(this HttpClient client, string query)
    {
        var (response, document) = await client.GetPageAsync("/search?q=" + Uri.EscapeDataString(query));
        return (response.StatusCode, document);
    }

    /// <summary>The result links, best first.</summary>
    public static async Task<List<string>> ResultUrlsAsync(this HttpClient client, string query)
    {
        var (_, document) = await client.SearchAsync(query);
        return Urls(document);
    }

    public static List<string> Urls(IHtmlDocument document) =>
        [.. document.QuerySelectorAll(".search-results__item h3 a").Select(a => a.GetAttribute("href") ?? "")];
}
