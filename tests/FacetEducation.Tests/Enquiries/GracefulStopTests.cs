using System.Net;
using FacetEducation.Tests.Data;
using FacetEducation.Web.Enquiries;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Tests.Enquiries;

/// <summary>Stopping the site (what SIGTERM does) while an email is on the wire.</summary>
public sealed class GracefulStopTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("data-stop-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_stop_during_a_send_finishes_that_email_and_the_next_start_sends_the_rest_once()
    {
        // The server takes two seconds to answer each message: the stop comes while it is deciding.
        await using var sink = new SmtpSink { Delay = TimeSpan.FromSeconds(2) }.Start();
        var site = new EnquiryFactory(sink);
        site.With("Data:Path", _data);
        Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(site.Client())).StatusCode);
        await Eventually.TrueAsync(() => sink.Attempts == 1, TimeSpan.FromSeconds(10));

        await site.DisposeAsync();

        // The notification went and is marked sent; the acknowledgement was never started.
        var database = Path.Combine(_data, "enquiries.db");
        Assert.Equal([["Notification", "sent"], ["Acknowledgement", "pending"]], DataFiles.Query(database, "SELECT kind, status FROM outbox ORDER BY id"));
        Assert.Single(sink.Received);
        Assert.Equal(1, sink.Attempts);

        sink.Delay = TimeSpan.Zero;
        await using (var next = new EnquiryFactory(sink))
        {
            next.With("Data:Path", _data);
            _ = next.Client();
            await sink.WaitForAsync(2);
            await Eventually.TrueAsync(() => next.Store.CountByStatus()[OutboxStatus.Sent] == 2, TimeSpan.FromSeconds(10));
        }

        Assert.Equal(2, sink.Received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(2, sink.Attempts);
    }
}
