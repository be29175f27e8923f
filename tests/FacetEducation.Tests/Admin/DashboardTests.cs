using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Admin;

/// <summary>The dashboard's check results are cached per content version, and follow a content change.</summary>
public sealed class DashboardTests : IDisposable
{
    private readonly EditorSite _site = new();

    public DashboardTests()
    {
        _site.WriteContent("blog/link-target.md", TestContent.Post("Link target", "A short page to link to."));
        _site.WriteContent("blog/linker.md", TestContent.Post("Linker", "Read [the other page](/blog/link-target) first."));
    }

    public void Dispose() => _site.Dispose();

    private static async Task<string> ChecksOnDashboardAsync(HttpClient client, string path) =>
        (await (await client.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync())
            .QuerySelector($"tr[data-path='{path}'] .checks-cell")!.TextContent;

    [Fact]
    public async Task The_dashboard_reflects_a_changed_check_result_after_a_content_change()
    {
        var client = await _site.SignedInAsync("eddie");
        Assert.Contains("No problems", await ChecksOnDashboardAsync(client, "blog/linker.md"), StringComparison.Ordinal);

        // A second load with no change reuses the checks.
        var dashboard = _site.Services.GetRequiredService<EditorDashboard>();
        var first = (await dashboard.ListAsync()).Single(d => d.Id.RelativePath == "blog/linker.md").Report;
        Assert.Same(first, (await dashboard.ListAsync()).Single(d => d.Id.RelativePath == "blog/linker.md").Report);

        // The linked page goes: the linking post's text is unchanged, but its check result is not.
        File.Delete(Path.Combine(_site.ContentPath, "blog", "link-target.md"));

        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            (await ChecksOnDashboardAsync(client, "blog/linker.md")).Contains("The link to /blog/link-target points at a page that does not exist", StringComparison.Ordinal)));
    }
}
