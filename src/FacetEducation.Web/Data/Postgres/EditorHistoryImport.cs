using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FacetEducation.Web.Data.Postgres;

/// <summary>
/// A site switched to <c>Data:Provider=Postgres</c> keeps its editor's history: on the first use of
/// the shared database, an <c>editor.db</c> left in the data folder is copied into it (revisions
/// with their ids, so every sign-off still names the revision it signed; open sessions; rescued
/// drafts; chosen passwords and reset links) in one transaction, and then renamed <c>editor.db.imported</c>, so it is never read
/// again nor mistaken for the live history. Only into a database with no history yet: a history
/// already there (another instance's, or one imported before) is never mixed with a file's, and
/// the file is left where it is, with a warning. The throttle's counts are not copied: an upgrade
/// makes nobody wait.
/// </summary>
internal static class EditorHistoryImport
{
    public const string ImportedSuffix = ".imported";

    /// <summary>The transaction advisory lock of imports ("Facet" and "imp" in ASCII): two instances starting at once import once.</summary>
    private const long ImportLockKey = 0x46_61_63_65_74_69_6D_70;

    private static readonly string[] Tables = ["revisions", "editor_sessions", "rescued_drafts", "editor_passwords", "password_resets", "scheduled_publications"];

    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["revisions"] = "id, path, text, hash, status, author, author_name, created_utc, summary, minor, signed_off_revision",
        ["editor_sessions"] = "id, user_name, created_utc, seen_utc",
        ["rescued_drafts"] = "id, user_name, path, title, form_json, created_utc",
        ["editor_passwords"] = "user_name, password_hash, config_stamp, changed_utc",
        ["password_resets"] = "token_hash, user_name, requested_by, created_utc, expires_utc, used_utc",
        ["scheduled_publications"] = "id, path, revision, live_revision, after_revision, sign_off_kind, minor, draft, text, summary, go_live_utc, reviewer, reviewer_name, reviewer_registration, scheduled_utc, state, ended_utc, ended_by, note, published_revision",
    };

    /// <summary>Imports <paramref name="file"/> if it exists and the database has no history; returns what was copied, per table (null: nothing was done).</summary>
    public static IReadOnlyDictionary<string, int>? Run(NpgsqlConnection connection, string file, ILogger logger)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        Dictionary<string, int> copied = [];
        using (var transaction = connection.BeginTransaction())
        {
            using (var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                turn.Parameters.AddWithValue("key", ImportLockKey);
                turn.ExecuteScalar();
            }

            using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM revisions)", connection, transaction))
            {
                if ((bool)any.ExecuteScalar()!)
                {
                    logger.LogWarning("{File} was not imported: the shared database already has an editor history (another instance's, or one imported before), and the two are never mixed. Move the file aside to silence this warning", file);
                    return null;
                }
            }

            using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            sqlite.Open();
            foreach (var table in Tables.Where(t => Exists(sqlite, t)))
            {
                copied[table] = Copy(sqlite, connection, transaction, table);
            }

            // Identity values go on after the copied ids.
            foreach (var table in new[] { "revisions", "scheduled_publications" })
            {
                using var sequence = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table} HAVING MAX(id) IS NOT NULL", connection, transaction);
                sequence.ExecuteScalar();
            }

            transaction.Commit();

            // Everything into the main file, so the renamed file is whole on its own.
            using var checkpoint = sqlite.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        File.Move(file, file + ImportedSuffix);
        foreach (var side in new[] { file + "-wal", file + "-shm" }.Where(File.Exists))
        {
            File.Delete(side);
        }

        logger.LogInformation("Imported the editor's history from {File} into the shared database ({Copied}); the file is kept as {Renamed}",
            file, string.Join(", ", copied.Select(c => $"{c.Value} {c.Key}")), Path.GetFileName(file) + ImportedSuffix);
        return copied;
    }

    private static bool Exists(SqliteConnection sqlite, string table)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        command.Parameters.AddWithValue("@name", table);
        return (long)command.ExecuteScalar()! > 0;
    }

    /// <summary>Copies every row of <paramref name="table"/>, column for column (the tables are the same on both engines).</summary>
    private static int Copy(SqliteConnection sqlite, NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        var columns = Columns[table].Split(", ");
        using var read = sqlite.CreateCommand();
        read.CommandText = $"SELECT {Columns[table]} FROM {table} ORDER BY rowid";
        using var insert = new NpgsqlCommand($"INSERT INTO {table} ({Columns[table]}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})", connection, transaction);
        using var reader = read.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            insert.Parameters.Clear();
            for (var i = 0; i < columns.Length; i++)
            {
                // SQLite's integers are 64-bit; the PostgreSQL columns they go into are INTEGER or BIGINT.
                var value = reader.IsDBNull(i) ? DBNull.Value : reader.GetValue(i);
                insert.Parameters.AddWithValue(columns[i], columns[i] == "minor" && value is long minor ? Convert.ToInt32(minor, CultureInfo.InvariantCulture) : value);
            }

            insert.ExecuteNonQuery();
            rows++;
        }

        return rows;
    }
}
