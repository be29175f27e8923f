using System.Net;

namespace FacetEducation.Tests.Admin;

/// <summary>The writing guide (<c>content/README.md</c>) is a page of the editor, rendered, for signed-in clinicians only.</summary>
public sealed class WritingGuideTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task The_guide_is_rendered_at_admin_help_and_linked_from_the_navigation_and_the_editor()
    {
        var client = await _site.SignedInAsync("eddie");

        var response = await client.GetAsync(new Uri("/admin/help", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Writing content for the clinic website", page.QuerySelector("main h1")!.TextContent.Trim());
        // Rendered, not shown as Markdown: the folders table is a table.
        Assert.NotNull(page.QuerySelector("#writing-guide table"));
        Assert.DoesNotContain("| folder |", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("nav[aria-label=Editor] a[href='/admin/help']"));
        var editor = await (await client.GetAsync(new Uri("/admin/edit/blog/desk-neck-tips", UriKind.Relative))).ParseAsync();
        Assert.NotNull(editor.QuerySelector("main a[href='/admin/help']"));
    }

    [Fact]
    public async Task The_guide_asks_for_sign_in_first()
    {
        var response = await _site.Client().GetAsync(new Uri("/admin/help", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/sign-in", response.Location(), StringComparison.Ordinal);
    }
}
