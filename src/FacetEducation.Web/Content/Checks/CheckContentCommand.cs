using System.Globalization;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FacetEducation.Web.Content.Checks;

/// <summary>
/// The verb <c>check-content</c>: runs the content rules over <c>content/</c> and prints one line per
/// finding; exit code 1 on errors, for CI. <c>check-content --rules</c> lists the rules.
/// </summary>
internal static class CheckContentCommand
{
    /// <summary>Checks every article, post and page and the clinic profile; prints one line per finding.</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection([new("Content:Watch", "false")]);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddClinicContent();
        await using var app = builder.Build();
        var store = app.Services.GetRequiredService<ContentStore>();
        var snapshot = store.Current;
        var context = CheckContext.For(store, app.Services.GetRequiredService<ClinicClock>());

        // Review claims are compared with the sign-offs in the site's editor history when it is here (the
        // server, or a copy of its data folder); CI and a fresh clone have none, and say so once.
        var dataOptions = builder.Configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        var timeZone = app.Services.GetRequiredService<ClinicClock>().TimeZone;
        IReadOnlyDictionary<string, ReviewRecord>? signOffs;
        if (dataOptions.Provider == DataProvider.Postgres)
        {
            // Data:Provider=Postgres: the history is in the shared database, as the site reads it.
            var connectionString = builder.Configuration.GetConnectionString(ClinicDatabase.ConnectionStringName) ?? "";
            try
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                signOffs = ReviewRecords.From(RevisionStore.ReadSignOffs(connection), timeZone);
            }
            catch (Exception ex) when (ex is NpgsqlException or ArgumentException)
            {
                output.WriteLine($"note: the editor history in the shared database ({ClinicDatabase.ConnectionStringKey}) could not be read ({ClinicDatabase.Reason(ex)}), so review claims were not compared with sign-offs.");
                signOffs = null;
            }
        }
        else
        {
            var database = Path.Combine(dataOptions.Resolve(app.Environment.ContentRootPath), "editor.db");
            try
            {
                signOffs = ReviewRecords.ReadFile(database, timeZone);
                if (signOffs is null)
                {
                    output.WriteLine($"note: no editor history at {database}, so review claims were not compared with sign-offs (run it where the site's data folder is, or pass --Data:Path=FOLDER).");
                }
            }
            catch (SqliteException ex)
            {
                output.WriteLine($"note: the editor history at {database} could not be read ({ex.Message}), so review claims were not compared with sign-offs.");
                signOffs = null;
            }
        }

        var errors = 0;
        var warnings = 0;
        var files = 0;
        foreach (var clinicError in snapshot.Errors.Where(e => e.File == ContentPaths.ClinicFile))
        {
            output.WriteLine($"{clinicError.File}{(clinicError.Line is { } l ? $":{l}" : "")}: error: {clinicError.Message}");
            errors++;
        }

        foreach (var kind in Enum.GetValues<ArticleKind>().Where(k => ContentFile.IsLink(new DirectoryInfo(Path.Combine(store.Root, k.Folder())))))
        {
            output.WriteLine($"{kind.Folder()}/: error: {ContentFile.FolderLinkRefused}");
            errors++;
        }

        foreach (var (kind, relative, path) in ContentFile.MarkdownFiles(store.Root))
        {
            files++;
            var read = ContentFile.Read(store.Root, path);
            if (read is not { Status: ContentReadStatus.Read, Text: { } text })
            {
                output.WriteLine(new ContentFinding(ContentRules.FileUnreadable, relative, null, read.Describe(long.MaxValue)));
                errors++;
                continue;
            }

            var report = ContentChecks.Run(kind, relative, text, context);
            if (signOffs is not null && kind == ArticleKind.Condition && report.Article is { } article
                && ReviewRecords.Standing(signOffs, ReviewClaim.Of(article), relative) == ReviewStanding.NotSignedOff)
            {
                report = report with { Findings = [.. report.Findings, ReviewRecords.NotSignedOffFinding(relative)] };
            }

            foreach (var finding in report.Findings)
            {
                output.WriteLine(finding.ToString());
            }

            errors += report.Count(FindingLevel.Error);
            warnings += report.Count(FindingLevel.Warning);
            if (report.ReadingAge is { } age)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{relative}: reading age {age.Years:0.0} by Flesch-Kincaid (grade {age.Grade:0.0}), {age.SmogYears:0.0} by SMOG (grade {age.SmogGrade:0.0}); {age.Words} words in {age.Sentences} sentences"));
            }
        }

        // The one rule that needs every file at once: two files claiming one web address (the store's).
        foreach (var taken in snapshot.Errors.Where(e => e.Rule == ContentRules.AddressTaken))
        {
            output.WriteLine(new ContentFinding(ContentRules.AddressTaken, taken.File, taken.Line, taken.Message));
            errors++;
        }

        output.WriteLine($"{files} files checked in {store.Root}: {errors} error(s), {warnings} warning(s).");
        return errors > 0 ? 1 : 0;
    }

    /// <summary>Lists the rule book (<c>check-content --rules</c>): each rule's name, what it does to
    /// publishing, its field and what it asks for.</summary>
    internal static void PrintRules(TextWriter output)
    {
        foreach (var rule in ContentRules.All)
        {
            var severity = rule.Level switch
            {
                FindingLevel.Error => "blocks publishing",
                FindingLevel.Warning => "warning",
                _ => "note",
            };
            output.WriteLine($"{rule.Name} ({severity}, {rule.Field.EditorName()}): {rule.Asks}");
        }

        output.WriteLine($"{ContentRules.All.Count} rules.");
    }
}
