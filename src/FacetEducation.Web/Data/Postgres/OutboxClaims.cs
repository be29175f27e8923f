using FacetEducation.Web.Enquiries;
using Npgsql;

namespace FacetEducation.Web.Data.Postgres;

/// <summary>
/// How senders on several instances share the outbox in the shared database: each takes the due
/// emails it is about to send with a lease (<c>claimed_by</c>, <c>claimed_until</c>), choosing
/// them with <c>FOR UPDATE SKIP LOCKED</c>, so two senders claiming at once never wait for each
/// other nor take the same row. A claim ends when its sender records the outcome
/// (<see cref="Release"/>), or when its lease runs out: an instance killed mid-delivery leaves
/// claims that another sender takes after the lease. The only repeat is then an email whose 250
/// arrived just before its sender died, sent again with the same <c>Message-Id</c>.
/// <see cref="EnquiryStore"/> claims through here when the outbox is in the shared database.
/// </summary>
internal static class OutboxClaims
{
    /// <summary>
    /// How long a claim holds unless <c>Enquiries:ClaimLease</c> says otherwise: longer than a sender's round takes (each attempt is bounded by
    /// <c>Smtp:Timeout</c>), short enough that a dead instance's emails wait minutes, not hours.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending emails due at <paramref name="now"/> and not
    /// claimed by a live lease, for <paramref name="sender"/> until <paramref name="now"/> +
    /// <paramref name="lease"/>; returns them oldest due first. Runs in <paramref name="transaction"/>
    /// when given (the rows stay locked until it ends), else commits at once.
    /// </summary>
    public static List<OutboxMessage> Claim(NpgsqlConnection connection, string sender, DateTimeOffset now, TimeSpan lease, int limit, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand("""
            UPDATE outbox o SET claimed_by = @sender, claimed_until = @until
            FROM (SELECT id FROM outbox
                  WHERE status = @pending AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                  ORDER BY next_attempt_at, id
                  LIMIT @limit
                  FOR UPDATE SKIP LOCKED) due
            WHERE o.id = due.id
            RETURNING o.id, o.enquiry_id, o.kind, o.message_id, o.attempts,
                      COALESCE((SELECT e.created_at FROM enquiries e WHERE e.id = o.enquiry_id), o.queued_at), o.mime, o.next_attempt_at
            """, connection, transaction);
        command.Parameters.AddWithValue("sender", sender);
        command.Parameters.AddWithValue("until", (now + lease).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("pending", OutboxStatus.Pending.ToStored());
        using var reader = command.ExecuteReader();
        List<(long Due, OutboxMessage Message)> claimed = [];
        while (reader.Read())
        {
            claimed.Add((reader.GetInt64(7), new OutboxMessage(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), Enum.Parse<MessageKind>(reader.GetString(2)),
                reader.GetString(3), reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), (byte[])reader[6])));
        }

        // RETURNING follows no ORDER BY: the sender sends the longest-waiting first.
        return [.. claimed.OrderBy(c => c.Due).ThenBy(c => c.Message.Id).Select(c => c.Message)];
    }

    /// <summary>Ends <paramref name="sender"/>'s claim on an email once its outcome is recorded; false when the claim had run out and another sender holds it.</summary>
    public static bool Release(NpgsqlConnection connection, long id, string sender, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = @id AND claimed_by = @sender", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("sender", sender);
        return command.ExecuteNonQuery() == 1;
    }
}
