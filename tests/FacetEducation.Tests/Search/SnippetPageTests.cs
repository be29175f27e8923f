using System.Text.RegularExpressions;
using AngleSharp.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Search;

/// <summary>The snippet under a result as a visitor reads it, for articles written by the tests:
/// where it comes from in the article (<see cref="SnippetChoiceTests"/> has the rules one by one).</summary>
public sealed partial class SnippetPageTests : IDisposable
{
    private readonly SiteFactory _site = new();
    private readonly HttpClient _client;

    public SnippetPageTests() => _client = _site.CreateClient();

    public void Dispose() => _site.Dispose();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    private async Task<IElement> OnlyResultAsync(string query)
    {
        _site.Services.GetRequiredService<ContentStore>().Reload();
        var (_, doc) = await _client.SearchAsync(query);
        return Assert.Single(doc.QuerySelectorAll(".search-results__item"));
    }

    private static IElement Snippet(IElement result) => result.QuerySelectorAll("p")[^1];

    [Fact]
    public async Task A_word_near_the_end_of_a_long_article_is_shown_highlighted_in_a_short_snippet()
    {
        var paragraphs = Enumerable.Range(1, 40).Select(i => $"Paragraph {i} is about sitting well at a desk, with the screen at eye height.").ToList();
        paragraphs[36] = "Wombats dig burrows with their strong front legs, and so can you.";
        _site.WriteContent("conditions/long-read.md", TestContent.Condition("Long read", string.Join("\n\n", paragraphs)));

        var snippet = Snippet(await OnlyResultAsync("wombats"));

        Assert.Equal(["Wombats"], snippet.QuerySelectorAll("mark").Select(m => m.TextContent));
        Assert.InRange(Word().Count(snippet.TextContent), 1, 28);
        Assert.DoesNotContain("Paragraph 1 ", snippet.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_only_the_title_and_summary_match_the_summary_is_shown_highlighted()
    {
        _site.WriteContent("conditions/echidna-back.md", TestContent.Condition("Echidna back", "Stretches for the lower spine, done slowly."));

        var snippet = Snippet(await OnlyResultAsync("echidna"));

        Assert.Equal("A short summary of Echidna back.", snippet.TextContent);
        Assert.Equal(["Echidna"], snippet.QuerySelectorAll("mark").Select(m => m.TextContent));
    }

    [Fact]
    public async Task When_only_the_title_matches_the_snippet_is_the_opening_of_the_article()
    {
        _site.WriteContent("blog/quoll-diary.md", """
            ---
            title: Quoll diary
            summary: Notes from a morning walk.
            author: Test Author
            published: 2026-02-01
            ---
            Stretch gently before you set off. Then walk at an easy pace for ten minutes.
            """);

        var snippet = Snippet(await OnlyResultAsync("quoll"));

        Assert.StartsWith("Stretch gently before you set off.", snippet.TextContent, StringComparison.Ordinal);
        Assert.Empty(snippet.QuerySelectorAll("mark"));
    }
}
