namespace FacetEducation.Web.Data;

/// <summary>The setting <c>Data:Provider</c>: which engine keeps the data that instances share.</summary>
public enum DataProvider
{
    /// <summary>SQLite files in the data folder: no server to run, one instance (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Clinic</c>: what several instances share (docs/scaling.md).</summary>
    Postgres,
}
