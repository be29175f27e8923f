using System.Net;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Admin;

/// <summary>Sources as rows of four fields and related articles ticked by title: what is stored in the
/// YAML (only what changed, the rest byte for byte), and what a mistyped source is told.</summary>
public sealed class SourcesAndRelatedTests : IDisposable
{
    private const string Edit = "/admin/edit/conditions/spinal-anatomy-explained";

    // Written by hand: a comment on a related slug no article has (any more), a quoted title with a
    // comment, a single-quoted address, and a source with a year. The body is the shipped one, whose
    // headings the other articles link to.
    private static readonly string HandWritten = """
        ---
        title: Spinal anatomy explained
        summary: How your spine is built.
        regions: [lumbar]
        author: Chris Heywood
        related:
          - facet-joint-pain
          - an-old-article   # renamed since
        sources:
          - title: "Back pain"   # the NHS page
            publisher: NHS
            url: 'https://www.nhs.uk/conditions/back-pain/'
          - title: Neck pain
            publisher: NHS
            year: 2020
        ---

        """ + ShippedBody();

    private static string ShippedBody()
    {
        var shipped = File.ReadAllText(Path.Combine(TestContent.ShippedContentPath, "conditions", "spinal-anatomy-explained.md")).ReplaceLineEndings("\n");
        return shipped[(shipped.IndexOf("\n---\n", StringComparison.Ordinal) + 5)..].TrimStart('\n');
    }

    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    private string FilePath => Path.Combine(_site.ContentPath, "conditions", "spinal-anatomy-explained.md");

    private async Task<HttpClient> OpenAsync()
    {
        await File.WriteAllTextAsync(FilePath, HandWritten);
        return await _site.SignedInAsync("eddie");
    }

    /// <summary>The version saved for sign-off.</summary>
    private async Task<string?> SavedAsync()
    {
        Assert.True(DocumentId.TryCreate("conditions", "spinal-anatomy-explained", out var id));
        return (await _site.Services.GetRequiredService<EditorDocuments>().OpenAsync(id))?.Pending?.Text;
    }

    private static async Task<IHtmlDocument> PageAsync(HttpClient client) =>
        await (await client.GetAsync(new Uri(Edit, UriKind.Relative))).ParseAsync();

    private static IHtmlInputElement RelatedBox(IHtmlDocument page, string labelText)
    {
        var label = page.QuerySelectorAll("#related label").Single(l => l.TextContent.Contains(labelText, StringComparison.Ordinal));
        return (IHtmlInputElement)page.GetElementById(label.GetAttribute("for")!)!;
    }

    [Fact]
    public async Task A_source_typed_in_the_empty_row_is_added_as_a_list_item_and_the_others_stay_byte_for_byte()
    {
        var client = await OpenAsync();
        var page = await PageAsync(client);
        // Two sources, then the empty row for a new one.
        Assert.Equal(3, page.QuerySelectorAll("#sources .source-row").Length);
        Assert.Equal("2020", ((IHtmlInputElement)page.GetElementById("Form_Sources_1__Year")!).Value);

        var saved = await client.SubmitAsync(page, Edit, "#editor-form", new()
        {
            ["Form.Sources[2].Title"] = "Slipped disc",
            ["Form.Sources[2].Publisher"] = "NHS",
            ["Form.Sources[2].Year"] = " 2019 ",
            ["Form.Sources[2].Url"] = "https://www.nhs.uk/conditions/slipped-disc/",
        }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(
            HandWritten.Replace("    year: 2020\n", "    year: 2020\n  - title: Slipped disc\n    publisher: NHS\n    year: 2019\n    url: https://www.nhs.uk/conditions/slipped-disc/\n", StringComparison.Ordinal),
            await SavedAsync());
    }

    [Fact]
    public async Task Changing_one_sources_year_rewrites_that_line_only()
    {
        var client = await OpenAsync();

        var saved = await client.SubmitAsync(Edit, "#editor-form", new() { ["Form.Sources[1].Year"] = "2021" }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HandWritten.Replace("    year: 2020\n", "    year: 2021\n", StringComparison.Ordinal), await SavedAsync());
    }

    [Fact]
    public async Task A_source_ticked_for_removal_is_left_out_and_the_rest_is_kept_as_written()
    {
        var client = await OpenAsync();

        var saved = await client.SubmitAsync(Edit, "#editor-form", new() { ["Form.Sources[0].Remove"] = "true" }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(
            HandWritten.Replace("  - title: \"Back pain\"   # the NHS page\n    publisher: NHS\n    url: 'https://www.nhs.uk/conditions/back-pain/'\n", "", StringComparison.Ordinal),
            await SavedAsync());
    }

    [Fact]
    public async Task Related_articles_are_offered_by_title_and_a_ticked_one_is_saved_as_its_slug_after_the_others()
    {
        var client = await OpenAsync();
        var page = await PageAsync(client);

        // The slug no published document has is shown as such, ticked, so it is not dropped unseen.
        var unknown = RelatedBox(page, "an-old-article");
        Assert.True(unknown.IsChecked);
        Assert.Contains("no published article or post has this address", unknown.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.True(RelatedBox(page, "Facet joint pain").IsChecked);
        Assert.False(RelatedBox(page, "Why rest is not best for back pain").IsChecked);
        // Offered: condition articles and posts, not the article itself, not the clinic's pages.
        var titles = page.QuerySelectorAll("#related label").Select(l => l.TextContent).ToList();
        Assert.DoesNotContain(titles, t => t.Contains("Spinal anatomy explained", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.Contains("About the clinic", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("Desk work and neck pain: simple tips that help", StringComparison.Ordinal));

        RelatedBox(page, "Why rest is not best for back pain").IsChecked = true;
        var saved = await client.SubmitAsync(page, Edit, "#editor-form", new(), "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(
            HandWritten.Replace("  - an-old-article   # renamed since\n", "  - an-old-article   # renamed since\n  - why-rest-is-not-best\n", StringComparison.Ordinal),
            await SavedAsync());
    }

    [Fact]
    public async Task An_unticked_related_article_is_removed_and_the_unknown_slug_is_kept()
    {
        var client = await OpenAsync();
        var page = await PageAsync(client);

        RelatedBox(page, "Facet joint pain").IsChecked = false;
        var saved = await client.SubmitAsync(page, Edit, "#editor-form", new(), "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HandWritten.Replace("  - facet-joint-pain\n", "", StringComparison.Ordinal), await SavedAsync());
    }

    [Fact]
    public async Task A_year_that_is_not_a_year_and_an_address_that_is_not_one_are_refused_beside_their_fields_and_nothing_typed_is_lost()
    {
        var client = await OpenAsync();

        var refused = await client.SubmitAsync(Edit, "#editor-form", new()
        {
            ["Form.Sources[1].Year"] = "20l9",
            ["Form.Sources[1].Url"] = "www.nhs.uk/conditions/neck-pain/",
            ["Form.Body"] = "Typed before the save.\n",
        }, "#save-button");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Contains("Not saved", page.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Source 2: “20l9” is not a year", page.GetElementById("error-Form_Sources_1__Year")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Source 2: “www.nhs.uk/conditions/neck-pain/” is not a web address", page.GetElementById("error-Form_Sources_1__Url")!.TextContent, StringComparison.Ordinal);
        var year = (IHtmlInputElement)page.GetElementById("Form_Sources_1__Year")!;
        Assert.Equal("20l9", year.Value);
        Assert.Equal("error-Form_Sources_1__Year", year.GetAttribute("aria-describedby"));
        Assert.Equal("www.nhs.uk/conditions/neck-pain/", ((IHtmlInputElement)page.GetElementById("Form_Sources_1__Url")!).Value);
        Assert.Equal("Neck pain", ((IHtmlInputElement)page.GetElementById("Form_Sources_1__Title")!).Value);
        Assert.Equal("Typed before the save.\n", ((IHtmlTextAreaElement)page.GetElementById("Form_Body")!).Value);
        Assert.Null(await SavedAsync());
        Assert.Equal(HandWritten, await File.ReadAllTextAsync(FilePath));
    }

    [Fact]
    public async Task A_future_year_and_a_row_without_a_title_are_named_too()
    {
        var client = await OpenAsync();

        var refused = await client.SubmitAsync(Edit, "#editor-form", new()
        {
            ["Form.Sources[1].Year"] = (DateTime.UtcNow.Year + 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Sources[2].Publisher"] = "NICE",
        }, "#save-button");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Contains("has not come yet", page.GetElementById("error-Form_Sources_1__Year")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Source 3 has no title", page.GetElementById("error-Form_Sources_2__Title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("NICE", ((IHtmlInputElement)page.GetElementById("Form_Sources_2__Publisher")!).Value);
        Assert.Null(await SavedAsync());
    }

    [Fact]
    public async Task Add_a_source_gives_one_more_row_without_javascript_and_saves_nothing()
    {
        var client = await OpenAsync();

        var added = await client.SubmitAsync(Edit, "#editor-form", new() { ["Form.Sources[2].Title"] = "Slipped disc" }, "#add-source");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var page = await added.ParseAsync();
        Assert.Equal(4, page.QuerySelectorAll("#sources .source-row").Length);
        Assert.Equal("Slipped disc", ((IHtmlInputElement)page.GetElementById("Form_Sources_2__Title")!).Value);
        Assert.Equal("", ((IHtmlInputElement)page.GetElementById("Form_Sources_3__Title")!).Value);
        Assert.Equal("Source 4", page.QuerySelector("#source-3 legend")!.TextContent);
        Assert.Null(await SavedAsync());
        Assert.Equal(HandWritten, await File.ReadAllTextAsync(FilePath));
    }

    [Fact]
    public async Task The_link_picker_lists_every_published_document_by_title_with_the_sites_address_for_it()
    {
        var client = await OpenAsync();
        var page = await PageAsync(client);

        var options = page.QuerySelectorAll("#link-picker [role=option]").ToDictionary(o => o.GetAttribute("data-url")!, o => o.TextContent);
        Assert.StartsWith("Why rest is not best for back pain", options["/blog/why-rest-is-not-best"], StringComparison.Ordinal);
        Assert.StartsWith("Facet joint pain", options["/conditions/facet-joint-pain"], StringComparison.Ordinal);
        Assert.StartsWith("About the clinic", options["/about"], StringComparison.Ordinal);
        // Outside the editor's form, so the picker's search is never saved with the article.
        Assert.Null(page.QuerySelector("#editor-form #link-search"));
    }
}
