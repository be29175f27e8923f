using System.Net;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Content;

/// <summary>Real files in a temporary content folder, changed while the site runs.</summary>
public sealed class ContentReloadTests : IDisposable
{
    private readonly SiteFactory _site = new();

    public void Dispose() => _site.Dispose();

    private ContentStore Store => _site.Services.GetRequiredService<ContentStore>();

    private static async Task<string> TitleOf(HttpClient client, string url)
    {
        var (response, doc) = await client.GetPageAsync(url);
        return response.StatusCode == HttpStatusCode.OK ? doc.QuerySelector("h1")?.TextContent ?? "" : $"HTTP {(int)response.StatusCode}";
    }

    [Fact]
    public async Task Added_edited_and_deleted_files_show_without_a_restart()
    {
        var client = _site.CreateClient();
        Assert.Equal("HTTP 404", await TitleOf(client, "/conditions/neck-stiffness"));

        var path = _site.WriteContent("conditions/neck-stiffness.md", TestContent.Condition("Neck stiffness", "Body."));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOf(client, "/conditions/neck-stiffness") == "Neck stiffness"));

        File.WriteAllText(path, TestContent.Condition("Stiff neck in the morning", "Body."));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOf(client, "/conditions/neck-stiffness") == "Stiff neck in the morning"));

        File.Delete(path);
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOf(client, "/conditions/neck-stiffness") == "HTTP 404"));
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_version_live_and_reports_file_and_line()
    {
        var client = _site.CreateClient();
        var path = _site.WriteContent("conditions/sore-back.md", TestContent.Condition("Sore back", "Good body."));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOf(client, "/conditions/sore-back") == "Sore back"));

        File.WriteAllText(path, "---\ntitle: Sore back v2\nsummary: [unclosed\n---\nNew body.\n");
        var snapshot = Store.Reload();

        var error = Assert.Single(snapshot.Errors, e => e.File == "conditions/sore-back.md");
        Assert.Equal(3, error.Line);
        Assert.Equal("Sore back", await TitleOf(client, "/conditions/sore-back"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/conditions/facet-joint-pain", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_new_file_with_broken_front_matter_is_not_published_and_the_site_keeps_serving()
    {
        var client = _site.CreateClient();
        _site.WriteContent("conditions/broken.md", "---\ntitle: Broken\nsummary: x\nregions: lumbar]\n---\nBody\n");
        _site.WriteContent("blog/no-date.md", "---\ntitle: Post\nsummary: S\n---\nBody\n");
        var snapshot = Store.Reload();

        Assert.Contains(snapshot.Errors, e => e.File == "conditions/broken.md" && e.Line is not null);
        Assert.Contains(snapshot.Errors, e => e.File == "blog/no-date.md" && e.Message.Contains("'published'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/conditions/broken", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/blog/no-date", UriKind.Relative))).StatusCode);
        Assert.Equal("Facet joint pain", await TitleOf(client, "/conditions/facet-joint-pain"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_link_to_an_article_that_does_not_exist_keeps_the_file_unpublished()
    {
        var client = _site.CreateClient();
        var linker = TestContent.Condition("Linker", "Text.\n\nSee [this](/conditions/no-such-article).\n");
        _site.WriteContent("conditions/linker.md", linker);
        _site.WriteContent("conditions/good-linker.md", TestContent.Condition("Good linker", "See [facets](/conditions/facet-joint-pain#faq) and [about](/about).\n"));
        var snapshot = Store.Reload();

        var error = Assert.Single(snapshot.Errors, e => e.File == "conditions/linker.md");
        Assert.Equal(TestContent.LineOf(linker, "See [this]"), error.Line);
        Assert.Contains("/conditions/no-such-article", error.Message, StringComparison.Ordinal);
        Assert.Equal("HTTP 404", await TitleOf(client, "/conditions/linker"));
        Assert.Equal("Good linker", await TitleOf(client, "/conditions/good-linker"));

        // Publishing the target fixes the link on the next reload.
        _site.WriteContent("conditions/no-such-article.md", TestContent.Condition("Now it exists", "Body."));
        Store.Reload();
        Assert.Equal("Linker", await TitleOf(client, "/conditions/linker"));
    }

    [Fact]
    public async Task An_oversized_file_is_refused_quickly_and_the_rest_is_served()
    {
        var client = _site.CreateClient();
        var huge = TestContent.Condition("Huge", string.Concat(Enumerable.Repeat("A sentence about backs. ", 220_000))); // about 5 MB
        _site.WriteContent("conditions/huge.md", huge);
        var snapshot = Store.Reload();

        Assert.Contains(snapshot.Errors, e => e.File == "conditions/huge.md" && e.Message.Contains("limit", StringComparison.Ordinal));
        Assert.Equal("HTTP 404", await TitleOf(client, "/conditions/huge"));
        Assert.Equal("Facet joint pain", await TitleOf(client, "/conditions/facet-joint-pain"));
    }

    [Fact]
    public async Task Drafts_and_future_posts_are_not_shown_anywhere()
    {
        var client = _site.CreateClient();
        _site.WriteContent("conditions/draft-one.md", TestContent.Condition("Draft condition", "Body.", "draft: true"));
        _site.WriteContent("blog/future.md", TestContent.Post("Future post", "Body.", published: "2999-01-01"));
        Store.Reload();

        Assert.Equal("HTTP 404", await TitleOf(client, "/conditions/draft-one"));
        Assert.Equal("HTTP 404", await TitleOf(client, "/blog/future"));
        var conditions = await client.GetStringAsync(new Uri("/conditions", UriKind.Relative));
        var blog = await client.GetStringAsync(new Uri("/blog", UriKind.Relative));
        var feed = await client.GetStringAsync(new Uri("/feed.xml", UriKind.Relative));
        var sitemap = await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative));
        Assert.DoesNotContain("Draft condition", conditions, StringComparison.Ordinal);
        Assert.DoesNotContain("Future post", blog, StringComparison.Ordinal);
        Assert.DoesNotContain("Future post", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("/blog/future", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain("draft-one", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clinic_profile_edits_show_in_the_footer_and_a_broken_profile_keeps_the_last_good_one()
    {
        var client = _site.CreateClient();
        var path = Path.Combine(_site.ContentPath, "clinic.yml");
        var original = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, original.Replace("01632 960123", "01632 960999", StringComparison.Ordinal));
        Store.Reload();
        var (_, doc) = await client.GetPageAsync("/");
        Assert.Contains("01632 960999", doc.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, "name: [broken\n");
        var snapshot = Store.Reload();
        Assert.Contains(snapshot.Errors, e => e.File == "clinic.yml");
        (_, doc) = await client.GetPageAsync("/");
        Assert.Contains("01632 960999", doc.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_files_claiming_one_slug_publish_only_the_first()
    {
        var client = _site.CreateClient();
        _site.WriteContent("conditions/a-first.md", TestContent.Condition("First", "Body.", "slug: shared-slug"));
        _site.WriteContent("conditions/b-second.md", TestContent.Condition("Second", "Body.", "slug: shared-slug"));
        var snapshot = Store.Reload();

        Assert.Contains(snapshot.Errors, e => e.File == "conditions/b-second.md" && e.Message.Contains("already uses", StringComparison.Ordinal));
        Assert.Equal("First", await TitleOf(client, "/conditions/shared-slug"));
    }
}
