using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FacetEducation.Tests.Admin;

/// <summary>Files changed by hand in content/ go into the history when the watcher sees them, without
/// anyone opening them in the editor; the editor's own writes are not mistaken for hand edits.</summary>
public sealed class OutsideChangeTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    private Task<IReadOnlyList<Revision>> HistoryAsync(string path) =>
        _site.Services.GetRequiredService<RevisionStore>().ListAsync(path);

    private Task<bool> EventuallyAsync(string path, Func<IReadOnlyList<Revision>, bool> condition) =>
        HttpExtensions.EventuallyAsync(async () => condition(await HistoryAsync(path)), timeoutMs: 10_000);

    private string FullPath(string path) => Path.Combine(_site.ContentPath, path);

    [Fact]
    public async Task A_hand_edit_is_recorded_when_the_watcher_sees_it_before_anyone_opens_the_document()
    {
        const string path = "blog/desk-neck-tips.md";
        var client = await _site.SignedInAsync("eddie");
        // At start-up, in the background, each file gets its first version.
        Assert.True(await EventuallyAsync(path, h => h.Count == 1));
        var original = await File.ReadAllTextAsync(FullPath(path));

        var edited = original + "\nA paragraph added by hand, outside the editor.\n";
        await File.WriteAllTextAsync(FullPath(path), edited);

        Assert.True(await EventuallyAsync(path, h => h.Count == 2));
        var history = await HistoryAsync(path);
        Assert.Equal([HandEditRecorder.FirstSeenSummary, HandEditRecorder.OutsideSummary], history.Select(r => r.Summary));
        Assert.Equal(original, history[0].Text);
        Assert.Equal(edited, history[1].Text);
        Assert.Equal(RevisionStatus.Outside, history[1].Status);
        Assert.Null(history[1].Author);

        // The history page shows it as a clinician sees it, and opening it records nothing more.
        var page = await (await client.GetAsync(new Uri("/admin/history/blog/desk-neck-tips", UriKind.Relative))).ParseAsync();
        var rows = page.QuerySelectorAll("#revisions tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("Changed outside the editor", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(2, (await HistoryAsync(path)).Count);
    }

    [Fact]
    public async Task The_editors_own_save_is_not_recorded_as_a_change_outside_the_editor()
    {
        const string saved = "blog/why-rest-is-not-best.md";
        const string other = "pages/about.md";
        var client = await _site.SignedInAsync("eddie");
        Assert.True(await EventuallyAsync(other, h => h.Count == 1));
        const string edit = "/admin/edit/blog/why-rest-is-not-best";
        var body = (await (await client.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync()).QuerySelector("#Form_Body")!.TextContent;
        var response = await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nSaved in the editor." }, "#save-button");
        Assert.Equal(edit + "?saved=published", response.Location());

        // A hand edit of another file after the save: once it is recorded, the recorder has seen the
        // reload that followed the save too.
        await File.AppendAllTextAsync(FullPath(other), "\nEdited by hand.\n");
        Assert.True(await EventuallyAsync(other, h => h.Count == 2));

        var history = await HistoryAsync(saved);
        Assert.Equal(RevisionStatus.Published, history[^1].Status);
        Assert.DoesNotContain(history, r => r.Summary == HandEditRecorder.OutsideSummary);
    }

    [Fact]
    public async Task A_new_file_is_recorded_and_a_deleted_or_rewritten_one_does_not_stop_the_recorder()
    {
        const string created = "blog/written-by-hand.md";
        const string edited = "pages/privacy.md";
        await _site.SignedInAsync("eddie");
        Assert.True(await EventuallyAsync(edited, h => h.Count == 1));

        File.Delete(FullPath("blog/scan-results-explained.md"));
        _site.WriteContent(created, TestContent.Post("Written by hand", "A post written in a text editor."));
        Assert.True(await EventuallyAsync(created, h => h.Count == 1 && h[0].Summary == HandEditRecorder.FirstSeenSummary));

        // Written in pieces, as a slow editor or a copy might: the history ends with the whole file.
        var text = await File.ReadAllTextAsync(FullPath(edited));
        await File.WriteAllTextAsync(FullPath(edited), text[..(text.Length / 2)]);
        await Task.Delay(30);
        var final = text + "\nA last line.\n";
        await File.WriteAllTextAsync(FullPath(edited), final);
        Assert.True(await EventuallyAsync(edited, h => h[^1].Text == final && h[^1].Summary == HandEditRecorder.OutsideSummary));
    }

    [Fact]
    public async Task A_change_made_while_the_site_was_stopped_is_recorded_at_start_up()
    {
        const string path = "blog/fewer-sessions-honest-advice.md";
        var text = await File.ReadAllTextAsync(FullPath(path));
        // The history as the last run left it: an older published version of the file.
        var database = new EditorDatabase(Options.Create(new DataOptions { Path = _site.DataPath }),
            new HostingEnvironment { ContentRootPath = _site.Root });
        await new RevisionStore(database, TimeProvider.System).AddAsync(path, text.Replace("session", "visit", StringComparison.Ordinal),
            RevisionStatus.Published, null, "Saved before the restart");

        await _site.SignedInAsync("eddie");

        Assert.True(await EventuallyAsync(path, h => h.Count == 2));
        var history = await HistoryAsync(path);
        Assert.Equal(HandEditRecorder.OutsideSummary, history[1].Summary);
        Assert.Equal(text, history[1].Text);
    }
}
