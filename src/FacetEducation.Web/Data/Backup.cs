using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FacetEducation.Web.Data.Postgres;
using FacetEducation.Web.Enquiries;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Data;

/// <summary>
/// <c>backup DIR [--keep N]</c>: one dated folder <c>DIR/facet-backup-YYYYMMDD-HHMMSSZ/</c> holding
/// <c>data/</c> (the two databases, copied with SQLite's online backup so the site may go on writing;
/// the data-protection keys; the pickup folder's mail), <c>content/</c> and <c>backup.json</c>. It is
/// written as <c>….incomplete</c> and renamed when every file is on disk, so a crash never leaves a
/// folder that looks whole. <c>--keep N</c> then deletes all but the newest N complete backups.
/// With <c>Data:Provider=Postgres</c> the enquiries, outbox, keys and the editor's data (history,
/// sign-offs, sessions, rescued drafts, the sign-in throttle) live in the shared database:
/// <c>data/clinic.dump</c> (<see cref="ClinicDump"/>) takes the place of both SQLite files.
/// </summary>
internal static partial class Backup
{
    public const string Prefix = "facet-backup-";

    public static string Run(SiteFolders folders, ClinicDump? clinic, string target, int? keep, DateTimeOffset now, TextWriter output)
    {
        foreach (var database in Databases(clinic))
        {
            if (!File.Exists(Path.Combine(folders.FolderOf(database), database)))
            {
                throw new CommandException($"There is no {database} in {folders.FolderOf(database)}: run backup with the site's settings (Data:Path, Enquiries:DataPath from appsettings.json in the current folder and the environment), after the site has started once.");
            }
        }

        var locks = folders.DataFolders.Select(f => DataFolderLock.TryTake(f, exclusive: false)
            ?? throw new CommandException($"A restore into {f} is running: back up when it has finished.")).ToList();
        try
        {
            var name = Prefix + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "Z";
            var final = Path.Combine(Path.GetFullPath(target), name);
            if (Directory.Exists(final))
            {
                throw new CommandException($"{final} already exists: wait a second and run backup again.");
            }

            var partial = final + ".incomplete";
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            Directory.CreateDirectory(partial);
            try
            {
                var manifest = Write(folders, clinic, partial, now);
                File.WriteAllText(Path.Combine(partial, BackupManifest.FileName), manifest.ToJson());
                using (var written = new FileStream(Path.Combine(partial, BackupManifest.FileName), FileMode.Open, FileAccess.ReadWrite))
                {
                    written.Flush(flushToDisk: true);
                }

                Directory.Move(partial, final);
                output.WriteLine($"Backed up {manifest.Files.Count} files ({manifest.Files.Sum(f => f.Bytes) / 1024} KB): {string.Join(", ", manifest.SchemaVersions.Select(v => $"{v.Key} schema {v.Value}"))}{(manifest.DataProtectionCertificate is { } c ? $"; the keys need certificate {c.Thumbprint} ({c.Subject})" : "")}.");
            }
            catch
            {
                TryDelete(partial);
                throw;
            }

            if (keep is { } count)
            {
                foreach (var old in Complete(target).SkipLast(count))
                {
                    Directory.Delete(old, recursive: true);
                    output.WriteLine($"Deleted the older backup {old}");
                }
            }

            return final;
        }
        finally
        {
            locks.ForEach(l => l.Dispose());
        }
    }

    /// <summary>The complete backups in <paramref name="target"/> (named as backup names them, with a backup.json), oldest first.</summary>
    public static IEnumerable<string> Complete(string target) =>
        Directory.EnumerateDirectories(target)
            .Where(d => BackupName().IsMatch(Path.GetFileName(d)) && File.Exists(Path.Combine(d, BackupManifest.FileName)))
            .Order(StringComparer.Ordinal);

    /// <summary>The SQLite files a backup holds: both, or none with the shared database (which holds what they would).</summary>
    public static string[] Databases(ClinicDump? clinic) =>
        clinic is null ? [SiteFolders.EnquiriesDatabase, SiteFolders.EditorDatabase] : [];

    private static BackupManifest Write(SiteFolders folders, ClinicDump? clinic, string partial, DateTimeOffset now)
    {
        List<BackupFile> files = [];
        Dictionary<string, int> versions = [];
        foreach (var database in Databases(clinic))
        {
            var copy = Path.Combine(partial, "data", database);
            versions[database] = CopyDatabase(Path.Combine(folders.FolderOf(database), database), copy);
            files.Add(new BackupFile("data/" + database, new FileInfo(copy).Length, BackupFiles.Hash(copy)));
        }

        if (clinic is not null)
        {
            var dump = Path.Combine(partial, "data", ClinicDump.FileName);
            versions[ClinicDump.SchemaName] = clinic.Dump(dump);
            files.Add(new BackupFile("data/" + ClinicDump.FileName, new FileInfo(dump).Length, BackupFiles.Hash(dump)));
        }

        void CopyAll(string from, string into)
        {
            foreach (var relative in BackupFiles.Under(from).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
            {
                var path = into + "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
                var copy = Path.Combine(partial, path);
                var hash = BackupFiles.Copy(Path.Combine(from, relative), copy);
                files.Add(new BackupFile(path, new FileInfo(copy).Length, hash));
            }
        }

        // The keys decrypt the sign-in cookie and the forms' tokens; the pickup folder holds mail
        // written for a set-up without SMTP that its reader may not have collected yet.
        CopyAll(Path.Combine(folders.Enquiries, SiteFolders.Keys), "data/" + SiteFolders.Keys);
        CopyAll(Path.Combine(folders.Enquiries, SiteFolders.Pickup), "data/" + SiteFolders.Pickup);
        CopyAll(folders.Content, "content");

        var version = typeof(Backup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return new BackupManifest(1, now, version, versions, Certificate(folders), files, clinic is null ? DataProvider.Sqlite : DataProvider.Postgres);
    }

    /// <summary>SQLite's online backup of a live database into a new file (rollback journal, one file); returns its schema version.</summary>
    private static int CopyDatabase(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            from.Open();
            to.Open();
            from.BackupDatabase(to);
            using var command = to.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = DELETE; PRAGMA quick_check;";
            using var reader = command.ExecuteReader();
            reader.NextResult();
            if (!reader.Read() || reader.GetString(0) != "ok")
            {
                throw new CommandException($"The copy of {source} fails SQLite's check: the database may be damaged; the backup was not made.");
            }
        }

        return RecordedVersion(target);
    }

    /// <summary>The schema version recorded in a database file (0 when it has none: written before migrations).</summary>
    public static int RecordedVersion(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations') THEN (SELECT COALESCE(MAX(version), 0) FROM schema_migrations) ELSE 0 END";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The configured certificate, named by thumbprint and subject; its private key stays where it is.</summary>
    private static BackupCertificate? Certificate(SiteFolders folders)
    {
        using var certificate = DataProtectionKeys.Load(folders.Certificate, folders.ContentRoot);
        return certificate is null ? null
            : new BackupCertificate(Path.GetFullPath(folders.Certificate.CertificatePath!, folders.ContentRoot), certificate.Thumbprint, certificate.Subject, certificate.NotAfter.ToUniversalTime());
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Its name ends in .incomplete: nothing takes it for a backup.
        }
    }

    [GeneratedRegex(@"^facet-backup-\d{8}-\d{6}Z$")]
    private static partial Regex BackupName();
}

/// <summary>A command's refusal or failure: one line for stderr, saying what to do.</summary>
internal sealed class CommandException(string message) : Exception(message);
