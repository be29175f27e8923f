using System.Globalization;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Admin;

/// <summary>
/// The site's command-line verbs, run instead of the web server:
/// <c>hash-password</c> (reads a password, prints the hash to put in <c>Editor:Accounts:N:PasswordHash</c>)
/// and <c>check-content</c> (runs the content rules over <c>content/</c>; exit code 1 on errors, for CI;
/// <c>check-content --rules</c> lists the rules).
/// </summary>
public static class EditorCommands
{
    public const int MinimumPasswordLength = 10;

    /// <summary>Runs the verb named by <paramref name="args"/>[0], if any; false means "start the site".</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "hash-password":
                Environment.ExitCode = HashPassword(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);
                return true;
            case "check-content" when args.Contains("--rules"):
                PrintRules(Console.Out);
                return true;
            case "check-content":
                Environment.ExitCode = await CheckContentAsync(args[1..], Console.Out);
                return true;
            default:
                return false;
        }
    }

    internal static int HashPassword(TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (interactive)
        {
            error.Write("Password (not shown): ");
        }

        var password = interactive ? ReadHidden() : input.ReadLine();
        if (interactive)
        {
            error.WriteLine();
        }

        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
        {
            error.WriteLine($"Choose a password of at least {MinimumPasswordLength} characters; a short phrase of several words is easy to remember and hard to guess.");
            return 1;
        }

        output.WriteLine(new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), password));
        return 0;
    }

    private static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }

    /// <summary>Checks every article, post and page and the clinic profile; prints one line per finding.</summary>
    internal static async Task<int> CheckContentAsync(string[] args, TextWriter output)
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
        var dataFolder = (builder.Configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions()).Resolve(app.Environment.ContentRootPath);
        var database = Path.Combine(dataFolder, "editor.db");
        IReadOnlyDictionary<string, ReviewRecord>? signOffs;
        try
        {
            signOffs = ReviewRecords.ReadFile(database, app.Services.GetRequiredService<ClinicClock>().TimeZone);
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

        foreach (var (kind, relative, path) in ContentFiles(store.Root))
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

    /// <summary>The Markdown files of <c>content/</c> (not dotfiles), by name only: they are read through
    /// <see cref="ContentFile"/>, which refuses links. A folder that is a link, gone or unreadable lists nothing.</summary>
    internal static IEnumerable<(ArticleKind Kind, string RelativePath, string FullPath)> ContentFiles(string root)
    {
        foreach (var kind in Enum.GetValues<ArticleKind>())
        {
            var folder = new DirectoryInfo(Path.Combine(root, kind.Folder()));
            List<string> names;
            try
            {
                names = folder.Exists && !ContentFile.IsLink(folder)
                    ? [.. folder.EnumerateFiles("*.md").Select(f => f.Name).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal)]
                    : [];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                names = [];
            }

            foreach (var name in names)
            {
                yield return (kind, $"{kind.Folder()}/{name}", Path.Combine(folder.FullName, name));
            }
        }
    }
}
