using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using FacetEducation.Web.Enquiries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FacetEducation.Tests.Data;

/// <summary>
/// Senders of several instances claiming due emails from one outbox on a real PostgreSQL server:
/// <c>FOR UPDATE SKIP LOCKED</c> and a lease that runs out (<see cref="OutboxClaims"/>).
/// </summary>
public sealed class PostgresOutboxClaimTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(10_000);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Two_senders_claiming_at_once_take_different_emails_and_neither_waits_for_the_other()
    {
        var database = OutboxWith(10);
        await using var a = await OpenAsync(database);
        await using var b = await OpenAsync(database);

        // A's claim is not committed yet: its rows stay locked while B claims.
        await using var transaction = await a.BeginTransactionAsync();
        var first = OutboxClaims.Claim(a, "a", Now, Lease, 6, transaction);
        var second = await Task.Run(() => OutboxClaims.Claim(b, "b", Now, Lease, 6)).WaitAsync(TimeSpan.FromSeconds(5));
        await transaction.CommitAsync();

        Assert.Equal(6, first.Count);
        Assert.Equal(4, second.Count);
        Assert.Empty(first.Select(m => m.Id).Intersect(second.Select(m => m.Id)));
        // Oldest due first, with what the sender needs.
        Assert.Equal(["<m1@clinic.test>", "<m2@clinic.test>"], first.Take(2).Select(m => m.MessageId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_001), first[0].CreatedAt);
        Assert.Equal("e1", first[0].EnquiryId);
        // Everything is claimed under a live lease: a third sender gets nothing.
        await using var c = await OpenAsync(database);
        Assert.Empty(OutboxClaims.Claim(c, "c", Now, Lease, 10));
        Assert.Equal([6L, 4L], TestPostgres.Query(database, "SELECT count(*) FROM outbox GROUP BY claimed_by ORDER BY claimed_by").Select(r => r[0]));
    }

    [SkippableFact]
    public async Task The_claims_of_a_sender_that_died_are_taken_by_another_when_the_lease_runs_out()
    {
        var database = OutboxWith(3);
        await using var connection = await OpenAsync(database);
        var dead = OutboxClaims.Claim(connection, "killed", Now, Lease, 10);

        Assert.Empty(OutboxClaims.Claim(connection, "survivor", Now + Lease - TimeSpan.FromMilliseconds(1), Lease, 10));
        var retaken = OutboxClaims.Claim(connection, "survivor", Now + Lease, Lease, 10);

        Assert.Equal(dead.Select(m => m.Id), retaken.Select(m => m.Id));
        Assert.Equal(["survivor"], TestPostgres.Query(database, "SELECT DISTINCT claimed_by FROM outbox").Select(r => (string)r[0]!));
        // The dead sender's claim is gone: it cannot release what the survivor now holds.
        Assert.False(OutboxClaims.Release(connection, dead[0].Id, "killed"));
        Assert.True(OutboxClaims.Release(connection, dead[0].Id, "survivor"));
    }

    [SkippableFact]
    public async Task Only_pending_emails_that_are_due_are_claimed_and_a_released_one_can_be_claimed_again()
    {
        var database = OutboxWith(4);
        TestPostgres.Execute(database, """
            UPDATE outbox SET next_attempt_at = 20000 WHERE message_id = '<m2@clinic.test>';
            UPDATE outbox SET status = 'sent' WHERE message_id = '<m3@clinic.test>';
            UPDATE outbox SET status = 'failed' WHERE message_id = '<m4@clinic.test>';
            """);
        await using var connection = await OpenAsync(database);

        var claimed = Assert.Single(OutboxClaims.Claim(connection, "a", Now, Lease, 10));
        Assert.Equal("<m1@clinic.test>", claimed.MessageId);
        Assert.True(OutboxClaims.Release(connection, claimed.Id, "a"));

        Assert.Equal([claimed.Id], OutboxClaims.Claim(connection, "b", Now, Lease, 10).Select(m => m.Id));
    }

    [SkippableFact]
    public async Task While_another_sender_holds_every_due_email_this_one_waits_for_its_lease_instead_of_looking_again_at_once()
    {
        var database = OutboxWith(2);
        await using var connection = await OpenAsync(database);
        OutboxClaims.Claim(connection, "other", Now, Lease, 10);
        var folder = Directory.CreateTempSubdirectory("facet-claims-").FullName;
        try
        {
            var options = Options.Create(new EnquiryOptions());
            var paths = new EnquiryPaths(options, Options.Create(new DataOptions { Path = folder }), new HostingEnvironment { ContentRootPath = folder });
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ClinicDatabase.ConnectionStringKey] = database }).Build();
            using var clinic = new ClinicDatabase(configuration);
            using var store = new EnquiryStore(new PostgresEnquiryDatabase(clinic, paths), options);

            Assert.Empty(store.Due(Now, 10));
            // Not "due now" (the sender would look again at once, and again): due when the claim runs out.
            Assert.Equal(Now + Lease, store.NextDue());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A new database at the latest schema with <paramref name="count"/> due notification emails, m1 due first.</summary>
    private string OutboxWith(int count)
    {
        var database = postgres.CreateDatabase();
        using (var connection = new NpgsqlConnection(database))
        {
            connection.Open();
            ClinicDatabase.Migrate(connection, DatabaseSchema.Postgres);
        }

        TestPostgres.Execute(database, $"""
            INSERT INTO enquiries (id, created_at, urgent, payload) SELECT 'e' || i, 1000 + i, 0, '{"{}"}' FROM generate_series(1, {count}) i;
            INSERT INTO outbox (enquiry_id, kind, message_id, status, next_attempt_at, mime)
                SELECT 'e' || i, 'Notification', '<m' || i || '@clinic.test>', 'pending', 1000 + i, '\x00' FROM generate_series(1, {count}) i;
            """);
        return database;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
