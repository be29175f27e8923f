using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Enquiries;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Tests.Data;

/// <summary>
/// What a data folder holds after a day of use, made through the real forms: an enquiry whose
/// emails wait for the SMTP server, a condition change signed off by the reviewer, and a second
/// change still waiting for sign-off. Used to make the fixture of today's schema and by the
/// backup and restore tests.
/// </summary>
internal static class DataScenario
{
    public const string Condition = "/admin/edit/conditions/spinal-anatomy-explained";
    public const string SignedOffLine = "The vertebrae are stacked like cotton reels.";
    public const string PendingLine = "A second change that waits for the reviewer.";

    /// <summary>Posts an enquiry; returns its id once the sender has tried (and failed) to deliver it.</summary>
    public static async Task<string> PendingEnquiryAsync(EnquiryFactory site)
    {
        var response = await Send.JsonAsync(site.Client());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(() => site.Logs.AllText.Contains("will be retried", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return id;
    }

    /// <summary>Eddie changes a condition, Rita signs it off, Eddie changes it again (pending).</summary>
    public static async Task EditsAsync(EnquiryFactory site)
    {
        var eddie = await EditorSite.SignInAsync(site.Client(), "eddie");
        var body = await BodyAsync(eddie);
        var saved = await eddie.SubmitAsync(Condition, "#editor-form",
            new() { ["Form.Body"] = body.Replace("## Vertebrae", "## Vertebrae\n\n" + SignedOffLine, StringComparison.Ordinal), ["Form.ChangeSummary"] = "Cotton reels" },
            "#save-button");
        Assert.Equal(Condition + "?saved=pending", saved.Location());
        var rita = await EditorSite.SignInAsync(site.Client(), "rita");
        var signed = await rita.SubmitAsync(Condition, "#sign-off-form", new() { ["review"] = "full" });
        Assert.Equal(Condition + "?saved=signed-full", signed.Location());
        var second = await eddie.SubmitAsync(Condition, "#editor-form",
            new() { ["Form.Body"] = (await BodyAsync(eddie)) + "\n\n" + PendingLine, ["Form.ChangeSummary"] = "Second change" },
            "#save-button");
        Assert.Equal(Condition + "?saved=pending", second.Location());
    }

    /// <summary>The revisions of the condition, oldest first: status, summary and the reviewer's sign-off.</summary>
    public static List<(string Status, string Summary, long? SignedOff)> Revisions(string editorDb)
    {
        using var connection = new SqliteConnection($"Data Source={editorDb};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, summary, signed_off_revision FROM revisions WHERE path = 'conditions/spinal-anatomy-explained.md' ORDER BY id";
        using var reader = command.ExecuteReader();
        List<(string, string, long?)> rows = [];
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>The stored Message-Ids of an enquiry's emails that are still pending.</summary>
    public static List<string> PendingMessageIds(string enquiriesDb, string enquiryId)
    {
        using var connection = new SqliteConnection($"Data Source={enquiriesDb};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_id FROM outbox WHERE enquiry_id = $id AND status = 'pending' ORDER BY id";
        command.Parameters.AddWithValue("$id", enquiryId);
        using var reader = command.ExecuteReader();
        List<string> ids = [];
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<string> BodyAsync(HttpClient client) =>
        (await (await client.GetAsync(new Uri(Condition, UriKind.Relative))).ParseAsync()).QuerySelector("#Form_Body")!.TextContent;
}
