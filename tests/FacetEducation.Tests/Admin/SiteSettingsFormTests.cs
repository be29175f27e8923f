using System.Net;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Tests.Search;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Admin;

/// <summary>The clinic's details and the search synonyms edited as forms (<c>/admin/clinic</c>,
/// <c>/admin/synonyms</c>) on the shipped content: what the visitor then sees, what the files then say,
/// the history, and the refusals (a malformed value, a stale save).</summary>
public sealed class SiteSettingsFormTests : IDisposable
{
    private const string ClinicPage = "/admin/clinic";
    private const string SynonymsPage = "/admin/synonyms";

    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    private string ClinicFile => Path.Combine(_site.ContentPath, "clinic.yml");

    private string SynonymsFile => Path.Combine(_site.ContentPath, "synonyms.yml");

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Each day's row of the first hours table in <paramref name="selector"/>: "Monday: 08:30 to 12:00".</summary>
    private static async Task<List<string>> HoursAsync(HttpClient client, string url, string selector)
    {
        var (response, doc) = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var table = doc.QuerySelector(selector + " table.hours") ?? throw new InvalidOperationException($"No hours table in {selector} on {url}");
        return [.. table.QuerySelectorAll("tr").Select(r => $"{Words(r.QuerySelector("th")!.TextContent)}: {Words(r.QuerySelector("td")!.TextContent)}")];
    }

    private static string Value(IHtmlDocument doc, string id) => doc.GetElementById(id) switch
    {
        IHtmlInputElement input => input.Value,
        IHtmlTextAreaElement area => area.Value,
        _ => throw new InvalidOperationException($"No field #{id}"),
    };

    [Fact]
    public async Task Editing_opening_hours_reaches_the_footer_and_the_contact_page_and_leaves_the_rest_of_clinic_yml_as_written()
    {
        var original = await File.ReadAllTextAsync(ClinicFile);
        var client = await _site.SignedInAsync("eddie");

        var response = await client.SubmitAsync(ClinicPage, "#site-file-form", new()
        {
            ["Form.Days[0].Opens"] = "08:30", // Monday, closed until now
            ["Form.Days[0].Closes"] = "12:00",
            ["Form.Days[2].Opens"] = "10:00", // Wednesday, 09:00 until now
            ["Form.ChangeSummary"] = "Monday mornings",
        }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ClinicPage + "?saved=published", response.Location());
        string[] week =
        [
            "Monday: 08:30 to 12:00", "Tuesday: Closed", "Wednesday: 10:00 to 14:30", "Thursday: 09:00 to 14:30",
            "Friday: 09:00 to 14:30", "Saturday: Closed", "Sunday: Closed",
        ];
        var visitor = _site.CreateClient();
        Assert.Equal(week, await HoursAsync(visitor, "/", "footer"));
        Assert.Equal(week, await HoursAsync(visitor, "/contact", "main"));

        // Only Monday's lines and Wednesday's were written: every other line, comments included, is as it was.
        var expected = original.Replace(
            "  - day: Wednesday\n    opens: \"09:00\"",
            "  - day: Monday\n    opens: \"08:30\"\n    closes: \"12:00\"\n  - day: Wednesday\n    opens: \"10:00\"",
            StringComparison.Ordinal);
        Assert.NotEqual(original, expected);
        Assert.Equal(expected, await File.ReadAllTextAsync(ClinicFile));
        Assert.DoesNotContain(_site.Services.GetRequiredService<ContentStore>().Current.Errors, e => e.File == "clinic.yml");

        // The save is a revision in clinic.yml's history, by its author.
        var (_, history) = await client.GetPageAsync(DocumentId.Clinic.HistoryUrl);
        var newest = history.QuerySelector("#revisions tbody tr")!;
        Assert.Contains("Monday mornings", newest.TextContent, StringComparison.Ordinal);
        Assert.Contains("Published by Eddie Editor", newest.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_phone_whatsapp_and_company_number_are_refused_with_the_content_rules_messages_and_nothing_typed_is_lost()
    {
        var original = await File.ReadAllTextAsync(ClinicFile);
        var client = await _site.SignedInAsync("eddie");
        Dictionary<string, string> typed = new()
        {
            ["Form.Phone"] = "01632 96O123", // a letter O for a zero
            ["Form.WhatsApp"] = "07700 900123", // not in international form
            ["Form.CompanyNumber"] = "1294844",
            ["Form.Days[0].Opens"] = "08:30",
            ["Form.Days[0].Closes"] = "12:00",
            ["Form.HoursNote"] = "A new note typed alongside the mistakes.",
            ["Form.Services[3].Name"] = "Home visits",
            ["Form.Services[3].Description"] = "In Scaldwell and the villages around it.",
        };

        var response = await client.SubmitAsync(ClinicPage, "#site-file-form", typed, "#save-button");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var doc = await response.ParseAsync();
        string Problem(string field) => Words(doc.GetElementById("error-" + field)!.TextContent).Replace("Error: ", "", StringComparison.Ordinal);
        Assert.StartsWith("'phone' must be a phone number", Problem("Form_Phone"), StringComparison.Ordinal);
        Assert.StartsWith("'whatsapp' must be a mobile number in international form", Problem("Form_WhatsApp"), StringComparison.Ordinal);
        Assert.StartsWith("'company' 'number' must be the 8-character company number", Problem("Form_CompanyNumber"), StringComparison.Ordinal);
        Assert.Equal("Form_Phone", doc.QuerySelector("#problem-list a")!.GetAttribute("href")![1..]);
        Assert.Equal("error-Form_Phone", doc.GetElementById("Form_Phone")!.GetAttribute("aria-describedby"));
        Assert.Null(doc.GetElementById("error-Form_Email"));
        foreach (var (name, value) in typed)
        {
            Assert.Equal(value, Value(doc, name.Replace('.', '_').Replace('[', '_').Replace("]", "_", StringComparison.Ordinal)));
        }

        // Nothing was written, and the website keeps the last good details.
        Assert.Equal(original, await File.ReadAllTextAsync(ClinicFile));
        Assert.Contains("Monday: Closed", await HoursAsync(_site.CreateClient(), "/", "footer"));

        // The messages are the content store's own: the same phone written into clinic.yml by hand says the same.
        await File.WriteAllTextAsync(ClinicFile, original.Replace("phone: 01632 960123", "phone: 01632 96O123", StringComparison.Ordinal));
        var errors = _site.Services.GetRequiredService<ContentStore>().Reload().Errors.Where(e => e.File == "clinic.yml").Select(e => e.Message);
        Assert.Contains(Problem("Form_Phone"), errors);
    }

    [Fact]
    public async Task A_time_that_is_not_one_and_a_day_with_one_time_are_refused_beside_that_day()
    {
        var client = await _site.SignedInAsync("eddie");

        var response = await client.SubmitAsync(ClinicPage, "#site-file-form", new()
        {
            ["Form.Days[0].Opens"] = "9am",
            ["Form.Days[0].Closes"] = "12:00",
            ["Form.Days[1].Opens"] = "09:00",
            ["Form.Days[1].Closes"] = "",
        }, "#save-button");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var doc = await response.ParseAsync();
        Assert.Contains("Opening hours for Monday: '9am' is not a time: write it as HH:mm", doc.GetElementById("error-Form_Days_0__Opens")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Opening hours for Tuesday: give both the opening and the closing time", doc.GetElementById("error-Form_Days_1__Opens")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("9am", Value(doc, "Form_Days_0__Opens"));
    }

    [Fact]
    public async Task A_saved_version_is_in_the_history_and_the_first_one_can_be_restored_byte_for_byte()
    {
        var original = await File.ReadAllTextAsync(ClinicFile);
        var client = await _site.SignedInAsync("eddie");
        var saved = await client.SubmitAsync(ClinicPage, "#site-file-form", new() { ["Form.Phone"] = "01632 960999" }, "#save-button");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("phone: 01632 960999\n", await File.ReadAllTextAsync(ClinicFile), StringComparison.Ordinal);

        var (_, history) = await client.GetPageAsync(DocumentId.Clinic.HistoryUrl);
        var versions = history.QuerySelectorAll("#revisions tbody tr").Select(r => r.GetAttribute("data-revision")!).ToList();
        Assert.Equal(2, versions.Count); // the file as first seen, and the save
        Assert.Contains("Found in content/", history.QuerySelector($"tr[data-revision='{versions[1]}']")!.TextContent, StringComparison.Ordinal);

        var restored = await client.SubmitAsync($"{DocumentId.Clinic.HistoryUrl}?to={versions[1]}", "#restore-form", []);

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(ClinicPage + "?saved=published", restored.Location());
        Assert.Equal(original, await File.ReadAllTextAsync(ClinicFile));
        var (_, home) = await _site.CreateClient().GetPageAsync("/");
        Assert.Contains("01632 960123", home.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
        var (_, form) = await client.GetPageAsync(ClinicPage + "?saved=published");
        Assert.Equal("01632 960123", Value(form, "Form_Phone"));
    }

    [Fact]
    public async Task A_save_from_a_stale_form_is_refused_showing_both_versions_until_the_user_chooses_to_replace_theirs()
    {
        var first = await _site.SignedInAsync("eddie");
        var second = await _site.SignedInAsync("rita");
        var firstPage = await (await first.GetAsync(new Uri(ClinicPage, UriKind.Relative))).ParseAsync();
        var secondPage = await (await second.GetAsync(new Uri(ClinicPage, UriKind.Relative))).ParseAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(firstPage, ClinicPage, "#site-file-form", new() { ["Form.Phone"] = "01632 960111" }, "#save-button")).StatusCode);

        var refused = await second.SubmitAsync(secondPage, ClinicPage, "#site-file-form", new() { ["Form.Email"] = "bookings@example.org" }, "#save-button");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var doc = await refused.ParseAsync();
        Assert.Contains("Not saved: Eddie Editor saved a newer version", doc.GetElementById("form-message")!.TextContent, StringComparison.Ordinal);
        var diff = doc.GetElementById("stale-diff")!;
        // Their change, with the changed number marked within the line; and mine, against theirs.
        Assert.Contains(diff.QuerySelectorAll(".diff__line--added ins"), w => w.TextContent.Contains("960111", StringComparison.Ordinal));
        Assert.Contains(diff.QuerySelectorAll(".diff__line--added"), l => l.TextContent.Contains("bookings", StringComparison.Ordinal));
        Assert.Equal("bookings@example.org", Value(doc, "Form_Email"));
        var file = await File.ReadAllTextAsync(ClinicFile);
        Assert.Contains("phone: 01632 960111", file, StringComparison.Ordinal);
        Assert.DoesNotContain("bookings@example.org", file, StringComparison.Ordinal);

        // Saving the same form again is refused again: only the deliberate choice overwrites.
        Assert.Equal(HttpStatusCode.Conflict, (await second.SubmitAsync(doc, ClinicPage, "#site-file-form", [], "#save-button")).StatusCode);
        var replaced = await second.SubmitAsync(doc, ClinicPage, "#site-file-form", [], "#replace-button");

        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        file = await File.ReadAllTextAsync(ClinicFile);
        Assert.Contains("email: bookings@example.org", file, StringComparison.Ordinal);
        Assert.Contains("phone: 01632 960123", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_is_added_with_the_add_button_and_removed_with_its_tick_box_without_javascript()
    {
        var client = await _site.SignedInAsync("eddie");
        var page = await (await client.GetAsync(new Uri(ClinicPage, UriKind.Relative))).ParseAsync();
        Assert.Equal(4, page.QuerySelectorAll(".service-row").Length); // three services and an empty row

        var added = await client.SubmitAsync(page, ClinicPage, "#site-file-form", new() { ["Form.Services[3].Name"] = "Home visits" }, "#add-service");
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var withRow = await added.ParseAsync();
        Assert.Equal(6, withRow.QuerySelectorAll(".service-row").Length); // the new one kept, and two empty rows
        Assert.Equal("Home visits", Value(withRow, "Form_Services_3__Name"));

        var saved = await client.SubmitAsync(withRow, ClinicPage, "#site-file-form", new()
        {
            ["Form.Services[3].Description"] = "In the villages around Scaldwell.",
            ["Form.Services[4].Name"] = "Group classes",
            ["Form.Services[4].Description"] = "Small classes for a stronger back.",
            ["Form.Services[1].Remove"] = "true",
        }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var services = _site.Services.GetRequiredService<ContentStore>().Current.Clinic.Services.Select(s => s.Name);
        Assert.Equal(["One-to-one physiotherapy", "Aquatic sessions", "Home visits", "Group classes"], services);
        // The services kept are as they were written, folded descriptions and all.
        var file = await File.ReadAllTextAsync(ClinicFile);
        Assert.Contains("""
              - name: Aquatic sessions
                description: >-
                  Exercise and rehabilitation in a warm pool, where the water supports your body while
            """.ReplaceLineEndings("\n"), file, StringComparison.Ordinal);
        Assert.DoesNotContain("Online sessions", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_edit_that_breaks_clinic_yml_opens_with_its_problem_and_the_last_good_details_and_a_save_mends_it()
    {
        var store = _site.Services.GetRequiredService<ContentStore>();
        var original = await File.ReadAllTextAsync(ClinicFile);
        var client = await _site.SignedInAsync("eddie");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(ClinicPage, UriKind.Relative))).StatusCode); // the editor has seen it
        await File.WriteAllTextAsync(ClinicFile, original.Replace("email: enquiries@example.org", "email: [enquiries@example.org", StringComparison.Ordinal));
        store.Reload();

        var (response, doc) = await client.GetPageAsync(ClinicPage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The clinic profile is not valid at line", doc.GetElementById("problem-list")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("enquiries@example.org", Value(doc, "Form_Email")); // the last good details, which the website still shows
        var (_, history) = await client.GetPageAsync(DocumentId.Clinic.HistoryUrl);
        Assert.Contains("Changed outside the editor", history.QuerySelector("#revisions tbody tr")!.TextContent, StringComparison.Ordinal);

        var saved = await client.SubmitAsync(doc, ClinicPage, "#site-file-form", new() { ["Form.ChangeSummary"] = "Mended the email" }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.DoesNotContain(store.Current.Errors, e => e.File == "clinic.yml");
        Assert.Equal("enquiries@example.org", store.Current.Clinic.Email);
        Assert.Equal("Chris Heywood", Assert.Single(store.Current.Clinic.Clinicians).Name);
    }

    [Fact]
    public async Task A_new_synonym_group_changes_the_search_results_and_leaves_the_rest_of_synonyms_yml_as_written()
    {
        var original = await File.ReadAllTextAsync(SynonymsFile);
        var visitor = _site.CreateClient();
        Assert.Empty(await visitor.ResultUrlsAsync("crick"));
        var client = await _site.SignedInAsync("eddie");
        var page = await (await client.GetAsync(new Uri(SynonymsPage, UriKind.Relative))).ParseAsync();
        var empty = page.QuerySelectorAll("#site-file-form input[name$='.Entries']").OfType<IHtmlInputElement>().First(i => i.Value.Length == 0);

        var response = await client.SubmitAsync(page, SynonymsPage, "#site-file-form", new() { [empty.Name!] = "crick, neck" }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(original.TrimEnd('\n') + "\n- [crick, neck]\n", await File.ReadAllTextAsync(SynonymsFile));
        Assert.NotEmpty(await visitor.ResultUrlsAsync("crick"));
        Assert.Equal((await visitor.ResultUrlsAsync("neck")).Order(), (await visitor.ResultUrlsAsync("crick")).Order());
        var (_, history) = await client.GetPageAsync(DocumentId.Synonyms.HistoryUrl);
        Assert.Contains("Published by Eddie Editor", history.QuerySelector("#revisions tbody tr")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_and_a_removed_synonym_group_rewrite_only_their_own_lines()
    {
        var original = await File.ReadAllTextAsync(SynonymsFile);
        var client = await _site.SignedInAsync("eddie");
        var page = await (await client.GetAsync(new Uri(SynonymsPage, UriKind.Relative))).ParseAsync();
        string RowOf(string entries) => page.QuerySelectorAll("input[name$='.Entries']").OfType<IHtmlInputElement>().Single(i => i.Value == entries).Name!;

        var response = await client.SubmitAsync(page, SynonymsPage, "#site-file-form", new()
        {
            [RowOf("tailbone, coccyx")] = "tailbone, coccyx, sacrum: the base",
            [RowOf("x ray, xray").Replace("Entries", "Remove", StringComparison.Ordinal)] = "true",
        }, "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var before = original.Split('\n').ToList();
        var after = (await File.ReadAllTextAsync(SynonymsFile)).Split('\n').ToList();
        var changed = before.IndexOf("- [tailbone, coccyx]");
        Assert.Equal(before.Where(l => l is not "- [tailbone, coccyx]" and not "- [x ray, xray]"), after.Where((_, i) => i != changed));
        Assert.Equal(["tailbone", "coccyx", "sacrum: the base"], SynonymsForm.Groups(after[changed])!.Single().Entries);
    }

    [Fact]
    public async Task A_group_of_one_word_is_refused_beside_its_row_with_the_search_readers_message()
    {
        var original = await File.ReadAllTextAsync(SynonymsFile);
        var client = await _site.SignedInAsync("eddie");
        var page = await (await client.GetAsync(new Uri(SynonymsPage, UriKind.Relative))).ParseAsync();
        var empty = page.QuerySelectorAll("#site-file-form input[name$='.Entries']").OfType<IHtmlInputElement>().First(i => i.Value.Length == 0);

        var response = await client.SubmitAsync(page, SynonymsPage, "#site-file-form", new() { [empty.Name!] = "crick" }, "#save-button");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var doc = await response.ParseAsync();
        Assert.Contains("('crick') needs at least two words or phrases", doc.GetElementById("error-" + empty.Id)!.TextContent, StringComparison.Ordinal);
        Assert.Equal("crick", Value(doc, empty.Id!));
        Assert.Equal(original, await File.ReadAllTextAsync(SynonymsFile));
    }

    [Fact]
    public async Task Both_forms_are_linked_from_the_editor_and_closed_to_visitors()
    {
        var client = await _site.SignedInAsync("eddie");
        var (_, dashboard) = await client.GetPageAsync("/admin");
        Assert.Equal(ClinicPage, dashboard.GetElementById("clinic-link")!.GetAttribute("href"));
        Assert.Equal(SynonymsPage, dashboard.GetElementById("synonyms-link")!.GetAttribute("href"));
        Assert.NotNull(dashboard.QuerySelector($"nav a[href='{ClinicPage}']"));
        Assert.NotNull(dashboard.QuerySelector($"nav a[href='{SynonymsPage}']"));

        var visitor = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync(new Uri(ClinicPage, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync(new Uri(SynonymsPage, UriKind.Relative))).StatusCode);
    }
}
