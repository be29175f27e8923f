using System.Data.Common;
using FacetEducation.Web.Data;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// Where <see cref="EnquiryStore"/> keeps the outbox: the SQLite file of one instance
/// (<see cref="EnquiryDatabase"/>) or the database several instances share
/// (<see cref="Data.Postgres.PostgresEnquiryDatabase"/>, <c>Data:Provider=Postgres</c>). The store's
/// SQL is the same on both; what differs is here.
/// </summary>
internal interface IEnquiryDatabase
{
    /// <summary>The data folder (the pickup folder is in it, and <c>/healthz</c> probes it).</summary>
    string Folder { get; }

    /// <summary>The SQLite file, checked before each insert; null where the outbox is not a file.</summary>
    string? FilePath { get; }

    /// <summary>Why enquiries are paused (set at start-up), or null.</summary>
    StoreProblem? Problem { get; }

    /// <summary>
    /// This process's name in the outbox's claims where several senders share it (see
    /// <see cref="Data.Postgres.OutboxClaims"/>); null where the process is the only sender.
    /// </summary>
    string? Sender => null;

    /// <summary>Opens a connection; <paramref name="durable"/>: the commit must be on disk before it returns.</summary>
    DbConnection Open(bool durable = false);

    /// <summary>Called first in an insert's transaction: where several processes insert, they take
    /// turns here, so the acknowledgement caps count every earlier insert (SQLite's one writer does
    /// that by itself).</summary>
    void TakeInsertTurn(DbConnection connection)
    {
    }
}
