using FacetEducation.Tests.Data;
using FacetEducation.Web.Data;
using FacetEducation.Web.Enquiries;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FacetEducation.Tests.Enquiries;

/// <summary>The outbox's statuses as stored in a real enquiries file: the words every existing
/// database and migration holds, written and read through the one mapping.</summary>
public sealed class OutboxStatusTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "facet-outbox-status-" + Guid.NewGuid().ToString("N"));
    private readonly EnquiryDatabase _database;
    private readonly EnquiryStore _store;

    public OutboxStatusTests()
    {
        var options = Options.Create(new EnquiryOptions());
        var paths = new EnquiryPaths(options, Options.Create(new DataOptions { Path = _folder }), new HostingEnvironment { ContentRootPath = _folder });
        _database = new EnquiryDatabase(paths, NullLogger<EnquiryDatabase>.Instance);
        _store = new EnquiryStore(_database, options);
    }

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(OutboxStatus.Pending, "pending")]
    [InlineData(OutboxStatus.Sent, "sent")]
    [InlineData(OutboxStatus.Failed, "failed")]
    internal void Each_status_is_stored_as_the_word_existing_databases_hold(OutboxStatus status, string stored)
    {
        Assert.Equal(stored, status.ToStored());
        Assert.Equal(status, OutboxStatusText.Parse(stored));
    }

    [Theory]
    [InlineData("Sent")]
    [InlineData("none")]
    [InlineData("")]
    public void A_word_that_is_no_status_is_refused_rather_than_guessed(string stored)
    {
        Assert.Throws<FormatException>(() => OutboxStatusText.Parse(stored));
    }

    [Fact]
    public async Task An_email_goes_from_pending_to_failed_back_to_pending_and_then_sent_in_the_file()
    {
        Assert.True(await _store.InsertEditorMailAsync("review-due:test", MessageKind.ReviewReminder, new StoredEmail("<r@clinic.test>", [1, 2, 3]), "A review reminder", Now, CancellationToken.None));
        var id = Assert.Single(_store.Due(Now, 10)).Id;
        Assert.Equal("pending", StoredStatus(id));

        await _store.MarkFailedAsync(id, Now, "550 mailbox unavailable", CancellationToken.None);
        Assert.Equal("failed", StoredStatus(id));
        Assert.Equal(id, Assert.Single(_store.ListFailed()).Id);
        Assert.Empty(_store.Due(Now, 10));

        Assert.True(await _store.RetryAsync(id, Now, CancellationToken.None));
        Assert.Equal("pending", StoredStatus(id));
        Assert.Empty(_store.ListFailed());

        await _store.MarkSentAsync(id, Now, CancellationToken.None);
        Assert.Equal("sent", StoredStatus(id));
        Assert.Equal(new Dictionary<OutboxStatus, int> { [OutboxStatus.Pending] = 0, [OutboxStatus.Sent] = 1, [OutboxStatus.Failed] = 0 }, _store.CountByStatus());
        Assert.Null(_store.NextDue());
    }

    private string StoredStatus(long id) =>
        (string)DataFiles.Query(_database.FilePath, $"SELECT status FROM outbox WHERE id = {id}")[0][0]!;
}
