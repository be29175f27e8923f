using System.Net;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Data;

/// <summary>
/// Two instances of the site on one PostgreSQL database and one content folder, as behind nginx
/// (docs/scaling.md), talked to directly since nginx pins <c>/admin</c> to one: what the editor does
/// through one holds on the other, because the history, sessions and sign-in throttle are in the
/// database they share. One clock for both, so a wait started on one is the same wait on the other.
/// </summary>
public sealed class SharedEditorTests : IClassFixture<TestPostgres>, IDisposable
{
    private const string Attacker = "203.0.113.66";
    private const string Clinic = "198.51.100.7";
    private const string Facet = "/conditions/facet-joint-pain";
    private const string FacetEdit = "/admin/edit/conditions/facet-joint-pain";
    private const string FacetRow = "tr[data-path='conditions/facet-joint-pain.md'] .state";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));

    private readonly EditorSite _a;
    private readonly EditorSite _b;

    /// <summary>Instances A and B on a new database; B serves A's content folder.</summary>
    public SharedEditorTests(TestPostgres postgres)
    {
        var database = postgres.CreateDatabase();
        _a = PostgresMigrationTests.OnPostgres(new EditorSite(_time), database);
        _b = PostgresMigrationTests.OnPostgres(new EditorSite(_time), database);
        _b.With("Content:Path", _a.ContentPath);
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    private static Task<HttpResponseMessage> TryAsync(HttpClient client, string password) =>
        client.SubmitAsync("/admin/sign-in", "form", new() { ["userName"] = "rita", ["password"] = password });

    [SkippableFact]
    public async Task A_guesser_made_to_wait_by_one_instance_waits_on_the_other_without_a_password_check_there()
    {
        var viaA = _a.ClientAt(Attacker);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(viaA, "guess " + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryAsync(viaA, "guess 5")).StatusCode);

        // The same address at B, even with the right password: refused before B looks at it.
        var viaB = _b.ClientAt(Attacker);
        var refused = await TryAsync(viaB, EditorSite.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Try again in 1 second", (await refused.ParseAsync()).GetElementById("sign-in-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, _b.PasswordChecks);
        // The clinician at another address still gets in through B.
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(_b.ClientAt(Clinic), EditorSite.Password)).StatusCode);

        // Once the wait is over, the next try counts on both: a success at B clears the address for A.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(viaB, EditorSite.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(_a.ClientAt(Attacker), "typo")).StatusCode);
    }

    [SkippableFact]
    public async Task A_sign_off_made_through_one_instance_is_shown_by_the_other_on_its_page_and_dashboard()
    {
        var publicB = _b.CreateClient();
        var ritaOnB = await _b.SignedInAsync("rita");
        // Before: no sign-off here, so B shows no review.
        Assert.DoesNotContain("Reviewed by", await ReviewLineAsync(publicB), StringComparison.Ordinal);
        var before = (await OpenAsync(ritaOnB, "/admin")).QuerySelector(FacetRow)!.TextContent;
        Assert.StartsWith("Published, ", before, StringComparison.Ordinal);

        var ritaOnA = await _a.SignedInAsync("rita");
        var signed = await ritaOnA.SubmitAsync(FacetEdit, "#review-live-form", []);
        Assert.Equal(FacetEdit + "?saved=signed-unchanged", signed.Location());

        // B notices the file A wrote and finds the sign-off that wrote it in the shared history.
        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await ReviewLineAsync(publicB)).Contains($"Reviewed by {EditorSite.ReviewerName}", StringComparison.Ordinal), 10_000));
        Assert.Contains("Page last reviewed: 4 December 2026", await ReviewLineAsync(publicB), StringComparison.Ordinal);
        Assert.Equal("Published", (await OpenAsync(ritaOnB, "/admin")).QuerySelector(FacetRow)!.TextContent);
        // B's history is A's: the sign-off, and no "changed outside the editor" for the file A wrote.
        var newest = (await OpenAsync(ritaOnB, "/admin/history/conditions/facet-joint-pain")).QuerySelector("#revisions tbody tr")!;
        Assert.Contains($"Signed off by {EditorSite.ReviewerName} as a full review of the live version", newest.TextContent, StringComparison.Ordinal);
        Assert.Single(TestPostgres.Query(_a.Postgres!, "SELECT id FROM revisions WHERE path = 'conditions/facet-joint-pain.md' AND status = 'Published' AND signed_off_revision IS NOT NULL"));
        Assert.Empty(TestPostgres.Query(_a.Postgres!, "SELECT id FROM revisions WHERE path = 'conditions/facet-joint-pain.md' AND status = 'Outside' AND id > (SELECT MAX(id) FROM revisions WHERE signed_off_revision IS NOT NULL)"));
    }

    [SkippableFact]
    public async Task Signing_out_on_one_instance_ends_the_session_on_the_other()
    {
        var browser = _a.ClientAt(Clinic);
        var signIn = await TryAsync(browser, EditorSite.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("facet_editor=", StringComparison.Ordinal)).Split(';')[0];
        // The same cookie at B (nginx's fail-over of /admin): the shared key ring opens it, the shared session admits it.
        var atB = _b.CreateDefaultClient();
        atB.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await atB.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync("/admin/sign-out", "form", [])).StatusCode);

        var afterwards = await atB.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("http://localhost/admin/sign-in", afterwards.Location(), StringComparison.Ordinal);
    }

    private static async Task<string> ReviewLineAsync(HttpClient client)
    {
        var (response, doc) = await client.GetPageAsync(Facet);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return doc.QuerySelector(".review")!.TextContent;
    }

    private static async Task<IHtmlDocument> OpenAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }
}
