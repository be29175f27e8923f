using System.Data.Common;
using FacetEducation.Web.Data;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Where the editor keeps its data (revisions, sign-offs, sessions, rescued drafts and the sign-in
/// throttle): the data folder's SQLite file of one instance (<see cref="EditorDatabase"/>), or the
/// database several instances share (<see cref="Data.Postgres.PostgresEditorDatabase"/>,
/// <c>Data:Provider=Postgres</c>), so a sign-off, a sign-out or a lock-out made through one holds on
/// every other. The stores' SQL is the same on both (<c>@name</c> parameters); what differs is here.
/// </summary>
public interface IEditorDatabase : IDataStore
{
    /// <summary>Opens a connection to the editor's tables at the latest schema.</summary>
    DbConnection Open();
}
