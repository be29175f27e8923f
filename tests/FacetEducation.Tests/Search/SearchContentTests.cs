using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Search;

/// <summary>Search over content written by the tests: what is indexed, and how the index follows
/// changes to articles and to the synonyms file while the site runs.</summary>
public sealed class SearchContentTests : IDisposable
{
    private readonly SiteFactory _site = new();
    private readonly HttpClient _client;

    public SearchContentTests() => _client = _site.CreateClient();

    public void Dispose() => _site.Dispose();

    private ContentStore Store => _site.Services.GetRequiredService<ContentStore>();

    private Task<bool> FindsAsync(string query, string url) =>
        HttpExtensions.EventuallyAsync(async () => (await _client.ResultUrlsAsync(query)).Contains(url));

    private Task<bool> LosesAsync(string query, string url) =>
        HttpExtensions.EventuallyAsync(async () => !(await _client.ResultUrlsAsync(query)).Contains(url));

    [Fact]
    public async Task Drafts_and_future_posts_never_appear_but_published_ones_do()
    {
        _site.WriteContent("conditions/draft-wombat.md", TestContent.Condition("Wombat back", "Wombat stretches for the back.", "draft: true"));
        _site.WriteContent("blog/future-wombat.md", TestContent.Post("Wombat news", "Wombat stretches, coming soon.", published: "2099-01-01"));
        _site.WriteContent("blog/past-wombat.md", TestContent.Post("Wombat diary", "Wombat stretches we tried.", published: "2026-01-05"));
        Store.Reload();

        var urls = await _client.ResultUrlsAsync("wombat");

        Assert.Equal(["/blog/past-wombat"], urls);
    }

    [Fact]
    public async Task Added_edited_and_deleted_articles_are_found_without_a_restart()
    {
        Assert.Empty(await _client.ResultUrlsAsync("quokka"));

        var path = _site.WriteContent("conditions/quokka-neck.md", TestContent.Condition("Quokka neck", "Quokka posture puts strain on the neck."));
        Assert.True(await FindsAsync("quokka", "/conditions/quokka-neck"));

        File.WriteAllText(path, TestContent.Condition("Numbat neck", "Numbat posture puts strain on the neck."));
        Assert.True(await FindsAsync("numbat", "/conditions/quokka-neck"));
        Assert.True(await LosesAsync("quokka", "/conditions/quokka-neck"));

        File.Delete(path);
        Assert.True(await LosesAsync("numbat", "/conditions/quokka-neck"));
    }

    [Fact]
    public async Task Stemming_works_without_the_synonyms_file()
    {
        File.Delete(Path.Combine(_site.ContentPath, "synonyms.yml"));
        _site.WriteContent("conditions/gardening.md", TestContent.Condition("Gardening", "Gardeners often twist awkwardly while weeding."));
        Store.Reload();

        var (_, doc) = await _client.SearchAsync("twisting weeds");

        // Only the new article has both words; pages with one of them follow it.
        Assert.Equal("/conditions/gardening", SearchPage.Urls(doc).First());
        var marks = doc.QuerySelector(".search-results__item")!.QuerySelectorAll("mark").Select(m => m.TextContent).ToList();
        Assert.Equal(["twist", "weeding"], marks);
    }

    [Fact]
    public async Task An_edited_synonyms_file_widens_searches_without_a_restart()
    {
        _site.WriteContent("conditions/cervicogenic.md", TestContent.Condition("Cervicogenic headache", "A headache that starts in the upper spine."));
        Assert.True(await FindsAsync("cervicogenic", "/conditions/cervicogenic"));
        Assert.Empty(await _client.ResultUrlsAsync("whiplash"));

        var synonyms = File.ReadAllText(Path.Combine(_site.ContentPath, "synonyms.yml"));
        _site.WriteContent("synonyms.yml", synonyms + "- [whiplash, cervicogenic headache]\n");

        Assert.True(await FindsAsync("whiplash", "/conditions/cervicogenic"));
    }

    [Fact]
    public async Task A_broken_synonyms_file_keeps_the_last_good_one_and_search_still_works()
    {
        _site.WriteContent("conditions/kyphosis.md", TestContent.Condition("Kyphosis", "A rounded upper spine."));
        _site.WriteContent("synonyms.yml", "- [hunchback, kyphosis]\n");
        Assert.True(await FindsAsync("hunchback", "/conditions/kyphosis"));

        _site.WriteContent("synonyms.yml", "- [hunchback, kyphosis\n- not: [closed\n");
        Store.Reload();
        _site.WriteContent("synonyms.yml", "- [only-one-word]\n");
        Store.Reload();

        Assert.Equal(["/conditions/kyphosis"], await _client.ResultUrlsAsync("hunchback"));
        Assert.Contains("/conditions/facet-joint-pain", await _client.ResultUrlsAsync("facet joint"));
    }

    [Fact]
    public async Task Markup_in_content_is_shown_as_text_in_snippets()
    {
        _site.WriteContent("conditions/markup.md", TestContent.Condition("Markup", "Platypus tip: type `<script>alert(1)</script>` as plain text."));
        Store.Reload();

        var (_, doc) = await _client.SearchAsync("platypus");

        var item = Assert.Single(doc.QuerySelectorAll(".search-results__item"));
        Assert.Empty(item.QuerySelectorAll("script"));
        Assert.Contains("<script>alert(1)</script>", item.TextContent, StringComparison.Ordinal);
        Assert.Equal("Platypus", item.QuerySelector("mark")!.TextContent);
    }

    [Fact]
    public async Task Searches_running_during_reloads_always_answer()
    {
        var searches = Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 15; i++)
            {
                Assert.Equal("/conditions/facet-joint-pain", (await _client.ResultUrlsAsync("facet joint pain")).FirstOrDefault());
            }
        }).ToList();
        for (var i = 0; i < 10; i++)
        {
            _site.WriteContent($"blog/churn-{i}.md", TestContent.Post($"Churn {i}", "Some words about sitting."));
            Store.Reload();
            await Task.Delay(5);
        }

        await Task.WhenAll(searches);
        Assert.Contains("/blog/churn-9", await _client.ResultUrlsAsync("churn"));
    }
}
