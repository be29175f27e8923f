using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using FacetEducation.Web.Data.Postgres;
using FacetEducation.Web.Enquiries;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Data;

/// <summary>
/// <c>restore BACKUP-FOLDER</c>: checks every file of the backup against its manifest, then copies
/// it into the configured folders, which must be fresh: the data folders empty (or missing), the
/// content folder empty (or missing). It holds each data folder's <see cref="DataFolderLock"/>
/// exclusively while it works, so it refuses a folder that a running site uses, and a site started
/// meanwhile pauses its stores instead of opening half-restored files. The site migrates the
/// databases and sends the pending emails when it next starts. A backup made with
/// <c>Data:Provider=Postgres</c> restores only there: its <c>clinic.dump</c> goes by
/// <c>pg_restore</c> into <c>ConnectionStrings:Clinic</c>, which must be an empty database.
/// </summary>
internal static class Restore
{
    public static void Run(SiteFolders folders, ClinicDump? clinic, string source, TextWriter output)
    {
        var manifest = Verify(Path.GetFullPath(source), clinic);
        if (folders.ConfiguredContent is not { } content)
        {
            throw new CommandException("Content:Path is not set: set it to the folder to restore the content into (the site must use the same).");
        }

        var locks = new List<DataFolderLock>();
        try
        {
            foreach (var folder in folders.DataFolders)
            {
                locks.Add(DataFolderLock.TryTake(folder, exclusive: true)
                    ?? throw new CommandException($"A site or a backup is using {folder} (it holds {DataFolderLock.FileName}): stop the site first (systemctl stop facet-education), then restore into a fresh folder."));
                if (Directory.EnumerateFileSystemEntries(folder).Any(e => Path.GetFileName(e) != DataFolderLock.FileName))
                {
                    throw new CommandException($"The data folder {folder} is not empty: restore only into an empty or missing folder (move this one aside first).");
                }
            }

            if (Directory.Exists(content) && Directory.EnumerateFileSystemEntries(content).Any())
            {
                throw new CommandException($"The content folder {content} is not empty: restore only into an empty or missing folder (move this one aside first).");
            }

            // The database first: pg_restore runs in one transaction, so a failure leaves both it and the folders empty.
            clinic?.RequireEmpty();
            clinic?.Restore(Path.Combine(source, "data", ClinicDump.FileName));
            foreach (var file in manifest.Files.Where(f => f.Path != "data/" + ClinicDump.FileName))
            {
                BackupFiles.Copy(Path.Combine(source, file.Path), Target(folders, content, file.Path));
            }
        }
        finally
        {
            locks.ForEach(l => l.Dispose());
        }

        output.WriteLine($"Restored {manifest.Files.Count} files from the backup of {manifest.CreatedUtc:u} (version {manifest.AppVersion}) into {(clinic is null ? "" : $"the database {clinic.Where}, ")}{string.Join(" and ", folders.DataFolders)} and {content}.");
        output.WriteLine(Summary(folders, clinic));
        if (CertificateNote(manifest.DataProtectionCertificate, folders) is { } note)
        {
            output.WriteLine(note);
        }
    }

    /// <summary>The manifest, once every file it lists is present with its size and hash, and its schemas are ones this version knows.</summary>
    private static BackupManifest Verify(string source, ClinicDump? clinic)
    {
        var path = Path.Combine(source, BackupManifest.FileName);
        if (!File.Exists(path))
        {
            throw new CommandException($"{source} is not a complete backup (it has no {BackupManifest.FileName}): choose a folder named facet-backup-YYYYMMDD-HHMMSSZ.");
        }

        BackupManifest manifest;
        try
        {
            manifest = BackupManifest.FromJson(File.ReadAllText(path)) ?? throw new JsonException("empty");
        }
        catch (JsonException)
        {
            throw new CommandException($"{path} cannot be read: the backup is damaged; choose another.");
        }

        foreach (var file in manifest.Files)
        {
            var full = Path.GetFullPath(Path.Combine(source, file.Path));
            if (!full.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal) || (!file.Path.StartsWith("data/", StringComparison.Ordinal) && !file.Path.StartsWith("content/", StringComparison.Ordinal)))
            {
                throw new CommandException($"{path} lists {file.Path}, which is outside the backup: the backup is damaged; choose another.");
            }

            if (!File.Exists(full) || new FileInfo(full).Length != file.Bytes || BackupFiles.Hash(full) != file.Sha256)
            {
                throw new CommandException($"{file.Path} in {source} is missing or damaged (its size or SHA-256 differs from {BackupManifest.FileName}): nothing was restored; choose another backup.");
            }
        }

        var configured = clinic is null ? DataProvider.Sqlite : DataProvider.Postgres;
        if (manifest.Provider != configured)
        {
            throw new CommandException($"{source} was made with Data:Provider={manifest.Provider}, and this site is set to {configured}: restore it with Data:Provider={manifest.Provider}{(manifest.Provider == DataProvider.Postgres ? " and ConnectionStrings:Clinic naming an empty database" : "")}, as the site that made it ran.");
        }

        (string, DatabaseSchema)[] databases = clinic is null
            ? [(SiteFolders.EnquiriesDatabase, DatabaseSchema.Enquiries), (SiteFolders.EditorDatabase, DatabaseSchema.Editor)]
            : [(ClinicDump.FileName, DatabaseSchema.Postgres)];
        foreach (var (file, schema) in databases)
        {
            var database = file == ClinicDump.FileName ? ClinicDump.SchemaName : file;
            if (!manifest.Files.Any(f => f.Path == "data/" + file))
            {
                throw new CommandException($"{source} has no data/{file}: the backup is damaged; choose another.");
            }

            if (manifest.SchemaVersions.GetValueOrDefault(database) > schema.Latest)
            {
                throw new CommandException($"{database} in {source} has schema version {manifest.SchemaVersions[database]}, newer than this version of the site knows ({schema.Latest}): restore it with the version that made it ({manifest.AppVersion}).");
            }
        }

        return manifest;
    }

    /// <summary>Where a file of the backup goes: editor.db into Data:Path, the rest of data/ into the enquiries' folder, content/ into Content:Path.</summary>
    private static string Target(SiteFolders folders, string content, string path)
    {
        var relative = path[(path.IndexOf('/', StringComparison.Ordinal) + 1)..].Replace('/', Path.DirectorySeparatorChar);
        return path.StartsWith("content/", StringComparison.Ordinal) ? Path.Combine(content, relative)
            : relative == SiteFolders.EditorDatabase ? Path.Combine(folders.Data, relative)
            : Path.Combine(folders.Enquiries, relative);
    }

    private static string Summary(SiteFolders folders, ClinicDump? clinic)
    {
        long Count(string database, string sql)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folders.FolderOf(database), database), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }

        var (enquiries, pending, revisions, signOffs) = clinic?.Counts()
            ?? (Count(SiteFolders.EnquiriesDatabase, CountSql.Enquiries), Count(SiteFolders.EnquiriesDatabase, CountSql.PendingEmails),
                Count(SiteFolders.EditorDatabase, CountSql.Revisions), Count(SiteFolders.EditorDatabase, CountSql.SignOffs));
        return $"{enquiries} enquiries ({pending} emails to send when the site starts), {revisions} revisions ({signOffs} sign-offs).";
    }

    /// <summary>The counts restore reports, in SQL both engines run.</summary>
    internal static class CountSql
    {
        public const string Enquiries = "SELECT COUNT(*) FROM enquiries";
        public const string Revisions = "SELECT COUNT(*) FROM revisions";
        public const string SignOffs = "SELECT COUNT(*) FROM revisions WHERE signed_off_revision IS NOT NULL";
        public static readonly string PendingEmails = $"SELECT COUNT(*) FROM outbox WHERE status = '{OutboxStatus.Pending.ToStored()}'";
    }

    /// <summary>What to set before starting the site when the keys need a certificate that is not configured here.</summary>
    private static string? CertificateNote(BackupCertificate? needed, SiteFolders folders)
    {
        if (needed is null)
        {
            return null;
        }

        X509Certificate2? configured = null;
        try
        {
            configured = DataProtectionKeys.Load(folders.Certificate, folders.ContentRoot);
        }
        catch (InvalidOperationException)
        {
            // Not readable here: the note below says which one to install.
        }

        using (configured)
        {
            return string.Equals(configured?.Thumbprint, needed.Thumbprint, StringComparison.OrdinalIgnoreCase) ? null
                : $"Note: the data-protection keys are encrypted to certificate {needed.Thumbprint} ({needed.Subject}), which was at {needed.ConfiguredPath}: set DataProtection:CertificatePath to that PFX before starting the site, or editors must sign in again and open forms be sent again.";
        }
    }
}
