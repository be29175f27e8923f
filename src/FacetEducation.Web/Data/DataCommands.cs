using System.Globalization;
using FacetEducation.Web.Data.Postgres;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Data;

/// <summary>
/// The verbs <c>backup DIR [--keep N]</c> and <c>restore BACKUP-FOLDER</c>, run instead of the web
/// server. They read the site's configuration the same way the site does (appsettings.json in the
/// current folder, the environment, then <c>--Key=value</c> arguments), but build no web host, so
/// they need no public address; with <c>Data:Provider=Postgres</c> they run Debian's pg_dump and
/// pg_restore on <c>ConnectionStrings:Clinic</c> (<see cref="ClinicDump"/>). Exit code 0 on success; otherwise 1 and one line on stderr saying why.
/// <c>backup</c> prints the new backup's path as its last line.
/// </summary>
internal static class DataCommands
{
    internal static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        try
        {
            var (folder, keep, settings) = Parse(args);
            var builder = WebApplication.CreateSlimBuilder(settings);
            var folders = SiteFolders.From(builder.Configuration, builder.Environment.ContentRootPath);
            var clinic = Clinic(builder.Configuration);
            if (args[0] == "backup")
            {
                output.WriteLine(Backup.Run(folders, clinic, folder, keep, time.GetUtcNow(), output));
            }
            else
            {
                Restore.Run(folders, clinic, folder, output);
            }

            return 0;
        }
        catch (Exception ex) when (ex is CommandException or IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException)
        {
            // InvalidOperationException: a setting the site would refuse too (a missing certificate, no content folder).
            error.WriteLine($"{args[0]} failed: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    /// <summary>The shared database when <c>Data:Provider</c> is <c>Postgres</c>; null for SQLite.</summary>
    private static ClinicDump? Clinic(ConfigurationManager configuration)
    {
        var provider = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.Sqlite;
        if (provider != DataProvider.Postgres)
        {
            return null;
        }

        var connectionString = configuration.GetConnectionString(ClinicDatabase.ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new CommandException($"{ClinicDatabase.ConnectionStringKey} is required when Data:Provider is Postgres: run the command with the site's settings.")
            : new ClinicDump(connectionString);
    }

    /// <summary>The one folder argument, <c>--keep N</c> (backup only), and the rest for configuration.</summary>
    private static (string Folder, int? Keep, string[] Settings) Parse(string[] args)
    {
        var usage = args[0] == "backup" ? "usage: backup DIR [--keep N]" : "usage: restore BACKUP-FOLDER";
        List<string> folders = [];
        List<string> settings = [];
        int? keep = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[0] == "backup" && args[i] == "--keep")
            {
                keep = i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                    ? n
                    : throw new CommandException("--keep needs a whole number of backups to keep, at least 1; " + usage);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                // A setting, as the site takes it: --Key=value, or --Key value.
                settings.Add(args[i]);
                if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    settings.Add(args[++i]);
                }
            }
            else
            {
                folders.Add(args[i]);
            }
        }

        return folders.Count == 1 ? (folders[0], keep, [.. settings]) : throw new CommandException(usage);
    }
}
