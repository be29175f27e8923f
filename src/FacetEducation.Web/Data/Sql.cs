using System.Data;
using System.Data.Common;

namespace FacetEducation.Web.Data;

/// <summary>
/// Parameters for SQL that runs on SQLite and PostgreSQL alike (the stores of
/// <c>Data:Provider</c>): named <c>@name</c>, which both engines accept, and set through
/// <see cref="DbCommand"/> so one store class serves both.
/// </summary>
internal static class Sql
{
    /// <summary>A parameter with its value (its type from the value, null as SQL NULL), as both engines read it.</summary>
    public static void Set(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A typed parameter without a value yet, set per row.</summary>
    public static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>An integer column as a long, whichever width the engine stores it in (SQLite's INTEGER is 64-bit, PostgreSQL's 32).</summary>
    public static long Int64(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
