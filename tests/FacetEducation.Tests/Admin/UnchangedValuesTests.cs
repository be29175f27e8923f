using System.Net;
using FacetEducation.Web.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Admin;

/// <summary>A save rewrites only what the clinician changed: every other line of the file, front matter
/// and body, is stored byte for byte, so the reviewer's diff shows only real changes.</summary>
public sealed class UnchangedValuesTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    public static TheoryData<string> HandWritten => new()
    {
        // The parts of the spine in the writer's order, one quoted: not the site's order, not its quoting.
        "---\ntitle: Spinal anatomy explained\nsummary: 'How your spine is built.'\nregions: [lumbar, \"cervical\", thoracic]\nauthor: Chris Heywood\nrelated: ['facet-joint-pain']\nsources:\n  - title: \"Back pain\"\n    publisher: NHS\n    year: 2020\n    url: https://www.nhs.uk/conditions/back-pain/\n---\n\nYour spine runs from the base of your skull down to your bottom.\n\n## The regions of the spine\n\nThe spine is a stack of bones.\n",
        // A two-line list of regions, a folded summary, a comment, a body straight after the front matter and a blank line at the end.
        "---\n# Written by hand\ntitle: Spinal anatomy explained\nsummary: >\n  How your spine\n  is built.\nregions:\n  - thoracic\n  - cervical\nauthor: Chris Heywood\n---\nYour spine runs from the base of your skull down to your bottom.\n\n## The regions of the spine\n\nThe spine is a stack of bones.\n\n",
    };

    [Theory]
    [MemberData(nameof(HandWritten))]
    public async Task Changing_one_field_changes_only_that_fields_line(string original)
    {
        await File.WriteAllTextAsync(Path.Combine(_site.ContentPath, "conditions", "spinal-anatomy-explained.md"), original);
        var client = await _site.SignedInAsync("eddie");
        const string edit = "/admin/edit/conditions/spinal-anatomy-explained";

        var saved = await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Title"] = "How your spine is built" }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.True(DocumentId.TryCreate("conditions", "spinal-anatomy-explained", out var id));
        var stored = (await _site.Services.GetRequiredService<EditorDocuments>().OpenAsync(id))!.Pending!.Text;
        var expected = original.Replace("title: Spinal anatomy explained\n", "title: How your spine is built\n", StringComparison.Ordinal);
        Assert.Equal(expected, stored);
    }
}
