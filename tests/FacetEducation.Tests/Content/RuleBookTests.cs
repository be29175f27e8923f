using System.Net;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Content;

/// <summary>
/// One table of rule cases, each run through every path a file takes to the public site: an editor
/// save and a sign-off, a hand edit picked up by the watcher, and <c>check-content</c>. Each path must
/// name the same rule, severity, field and line, and a rule that blocks publishing keeps the last
/// good version live.
/// </summary>
public sealed class RuleBookTests
{
    /// <summary>One case: a good article made bad by <see cref="Break"/>; the finding expected on the line
    /// holding <see cref="LineOf"/> (null: a finding with no line).</summary>
    public sealed record RuleCase(string Name, Func<string, string> Break, ContentRule Rule, FindingLevel Level, string Field, string? LineOf)
    {
        public string Slug => "rule-" + Name;

        public string RelativePath => $"conditions/{Slug}.md";

        public string GoodText => Good(Name);

        /// <summary>The good text broken, and marked as the second version (so a page shows which is live).</summary>
        public string BadText => Break(GoodText).Replace("This is version one.", "This is version two.", StringComparison.Ordinal);

        public int? ExpectedLine => LineOf is null ? null : TestContent.LineOf(BadText, LineOf);

        public override string ToString() => Name;
    }

    /// <summary>A condition article that passes every rule. The reviewer is the test site's reviewer,
    /// so a sign-off changes only the review dates (the lines stay where they are).</summary>
    private static string Good(string name) => $"""
        ---
        title: Rule case {name}
        summary: A short guide for the rule case {name}.
        regions: [lumbar]
        reviewer:
          name: {EditorSite.ReviewerName}
          registration: {EditorSite.ReviewerRegistration}
        lastReviewed: 2026-01-10
        nextReviewDue: 2029-01-10
        ---

        Most back pain gets better on its own. Keep moving and it will ease.

        See [facet joint pain](/conditions/facet-joint-pain).

        This is version one.

        ## When to get help

        ::: immediate Call 999 or go to A&E now if:
        - you cannot feel your legs
        :::

        ::: urgent Ask for an urgent GP appointment or call 111 if:
        - the pain is getting worse
        :::

        ## Questions

        ::: faq
        ### Is it serious?
        No, it is not.
        :::

        """;

    private const string ImmediateCard = "::: immediate Call 999 or go to A&E now if:\n- you cannot feel your legs\n:::\n\n";
    private const string UrgentCard = "::: urgent Ask for an urgent GP appointment or call 111 if:\n- the pain is getting worse\n:::\n\n";

    private const string HardIntro =
        "Treatment usually includes an individual exercise programme and practical advice about recovery. "
        + "People gradually return to the everyday activities they had previously been avoiding. "
        + "Physiotherapists consider the particular circumstances influencing recovery.";

    public static IReadOnlyList<RuleCase> Cases { get; } =
    [
        new("no-immediate-card", t => Cut(t, ImmediateCard), ContentRules.ImmediateCard, FindingLevel.Error, "body", "::: urgent Ask"),
        new("999-card-marked-urgent", t => Swap(t, "::: immediate Call 999", "::: urgent Call 999"), ContentRules.ImmediateCard, FindingLevel.Error, "body", "::: urgent Call 999"),
        new("no-urgent-card", t => Cut(t, UrgentCard), ContentRules.UrgentCard, FindingLevel.Error, "body", "::: immediate"),
        new("placeholder-in-999-card", t => Swap(t, "- you cannot feel your legs", "- list the red-flag symptoms here"), ContentRules.Placeholder, FindingLevel.Error, "body", "- list the red-flag"),
        new("broken-link", t => Swap(t, "(/conditions/facet-joint-pain)", "(/conditions/no-such-article)"), ContentRules.LinkBroken, FindingLevel.Error, "body", "no-such-article"),
        new("missing-picture", t => Swap(t, "## When to get help", "![A spine](/images/no-such-picture.png)\n\n## When to get help"), ContentRules.Picture, FindingLevel.Error, "body", "no-such-picture"),
        new("faq-without-answer", t => Swap(t, "### Is it serious?\nNo, it is not.\n", "### Is it serious?\n"), ContentRules.FaqEntry, FindingLevel.Error, "body", "::: faq"),
        new("faq-not-a-question", t => Swap(t, "### Is it serious?", "### Seriousness"), ContentRules.FaqQuestionMark, FindingLevel.Error, "body", "### Seriousness"),
        new("pasted-bullets", t => Swap(t, "## When to get help", "What helps:\n• keep moving\n\n## When to get help"), ContentRules.PastedBullet, FindingLevel.Error, "body", "• keep moving"),
        new("heading-skips-level", t => Swap(t, "## Questions", "#### Questions"), ContentRules.HeadingSkipsLevel, FindingLevel.Error, "body", "#### Questions"),
        new("html", t => Swap(t, "Keep moving and it will ease.", "Keep moving<br>and it will ease."), ContentRules.Html, FindingLevel.Error, "body", "<br>"),
        new("yaml-tab", t => Swap(t, "  name: ", "\tname: "), ContentRules.FrontMatterInvalid, FindingLevel.Error, "frontMatter", "\tname"),
        new("yaml-colon-in-title", t => Swap(t, "title: Rule case yaml-colon-in-title", "title: Rule case: a colon"), ContentRules.FrontMatterInvalid, FindingLevel.Error, "frontMatter", "title:"),
        new("yaml-unknown-setting", t => Swap(t, "summary:", "sumary:"), ContentRules.FrontMatterInvalid, FindingLevel.Error, "frontMatter", "sumary:"),
        new("no-summary", t => Cut(t, "summary: A short guide for the rule case no-summary.\n"), ContentRules.SummaryRequired, FindingLevel.Error, "summary", "---"),
        new("unknown-region", t => Swap(t, "regions: [lumbar]", "regions: [lumbar, knees]"), ContentRules.Regions, FindingLevel.Error, "regions", "regions:"),
        new("hard-words", t => Swap(t, "Most back pain gets better on its own. Keep moving and it will ease.", HardIntro), ContentRules.ReadingAgeHigh, FindingLevel.Warning, "body", null),
    ];

    public static TheoryData<string> CaseNames() => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_case_names_its_rule_severity_field_and_line(string name)
    {
        var @case = Cases.Single(c => c.Name == name);
        var context = new CheckContext(_ => false, path => path == "/conditions/facet-joint-pain", new DateOnly(2026, 6, 1));

        var good = ContentChecks.Run(ArticleKind.Condition, @case.RelativePath, @case.GoodText, context);
        var bad = ContentChecks.Run(ArticleKind.Condition, @case.RelativePath, @case.BadText, context);

        Assert.Empty(good.Findings);
        AssertFinding(@case, bad.Findings, "the rule book");
    }

    [Fact]
    public async Task An_editor_save_and_a_sign_off_report_each_case_and_publish_only_warnings()
    {
        using var site = new EditorSite();
        var documents = site.Services.GetRequiredService<EditorDocuments>();
        var accounts = site.Services.GetRequiredService<EditorAccounts>();
        var rita = accounts.Find("rita")!;

        foreach (var @case in Cases)
        {
            Assert.True(DocumentId.TryCreate("conditions", @case.Slug, out var id));

            var saved = await documents.SaveAsync(id, @case.BadText, "", rita, "Rule case", minor: false);
            Assert.Equal(SaveOutcome.AwaitingSignOff, saved.Outcome);
            AssertFinding(@case, saved.Report!.Findings, "editor save");

            var signed = await documents.SignOffAsync(id, saved.Revision!.Id, rita, ReviewKind.Full, Publication.Publish);
            var file = Path.Combine(site.ContentPath, "conditions", @case.Slug + ".md");
            if (@case.Level == FindingLevel.Error)
            {
                Assert.False(signed.Done, @case.Name);
                AssertFinding(@case, signed.Report!.Findings, "sign-off");
                Assert.False(File.Exists(file), $"{@case.Name}: a version that breaks a blocking rule was written to content/");
            }
            else
            {
                Assert.True(signed.Done, $"{@case.Name}: {signed.Outcome}");
                Assert.True(File.Exists(file), @case.Name);
            }
        }
    }

    [Fact]
    public async Task A_hand_edit_seen_by_the_watcher_is_held_to_each_case_and_the_last_good_version_stays()
    {
        using var site = new SiteFactory();
        var client = site.CreateClient();
        var store = site.Services.GetRequiredService<ContentStore>();
        foreach (var @case in Cases)
        {
            site.WriteContent(@case.RelativePath, @case.GoodText);
        }

        Assert.True(await HttpExtensions.EventuallyAsync(() => Task.FromResult(Cases.All(c => store.Current.FindCondition(c.Slug) is not null))),
            string.Join('\n', store.Current.Errors));

        // Hand edits: written to the files, picked up by the watcher (no explicit reload).
        foreach (var @case in Cases)
        {
            File.WriteAllText(Path.Combine(site.ContentPath, @case.RelativePath), @case.BadText);
        }

        Assert.True(await HttpExtensions.EventuallyAsync(() => Task.FromResult(Cases.All(c =>
                c.Level == FindingLevel.Error
                    ? store.Current.Errors.Any(e => e.File == c.RelativePath)
                    : store.Current.Files.GetValueOrDefault(c.RelativePath) == TextHash.Of(c.BadText)))),
            string.Join('\n', store.Current.Errors));

        var snapshot = store.Current;
        foreach (var @case in Cases)
        {
            var (response, page) = await client.GetPageAsync("/conditions/" + @case.Slug);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var errors = snapshot.Errors.Where(e => e.File == @case.RelativePath).ToList();
            if (@case.Level == FindingLevel.Error)
            {
                var error = Assert.Single(errors);
                Assert.True((@case.Rule, @case.ExpectedLine) == (error.Rule, error.Line), $"{@case.Name}: watcher reported {error.Rule} at line {error.Line}: {error.Message}");
                Assert.Equal((@case.Level, @case.Field), (error.Rule!.Level, error.Rule.Field.EditorName()));
                Assert.Contains(@case.RelativePath, snapshot.LastGoodLive);
                // The page is the last good version.
                Assert.True(LastGoodIsLive(page.QuerySelector("main")!.TextContent), $"{@case.Name}: the page is not the last good version");
            }
            else
            {
                Assert.Empty(errors);
                Assert.DoesNotContain(@case.RelativePath, snapshot.LastGoodLive);
                Assert.False(LastGoodIsLive(page.QuerySelector("main")!.TextContent), $"{@case.Name}: a warning must not hold the edit back");
            }
        }

        // The log says which file, which line and that the last good version stays.
        Assert.Contains(site.Logs.AllText.Split('\n'), m => m.Contains("conditions/rule-no-immediate-card.md", StringComparison.Ordinal)
            && m.Contains("last good version stays live", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_content_reports_each_case_on_its_line_with_its_rule()
    {
        var folder = Directory.CreateTempSubdirectory("facet-rules-").FullName;
        try
        {
            TestContent.CopyDirectory(TestContent.ShippedContentPath, folder);
            foreach (var @case in Cases)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, @case.RelativePath), @case.BadText);
            }

            var output = new StringWriter();
            var exitCode = await CheckContentCommand.RunAsync([$"--Content:Path={folder}"], output);

            Assert.Equal(1, exitCode);
            var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
            foreach (var @case in Cases)
            {
                var prefix = $"{@case.RelativePath}{(@case.ExpectedLine is { } line ? $":{line}" : "")}: {@case.Level.ToString().ToLowerInvariant()}: ";
                var printed = lines.Where(l => l.StartsWith(@case.RelativePath + ":", StringComparison.Ordinal)
                    && (l.Contains(": error: ", StringComparison.Ordinal) || l.Contains(": warning: ", StringComparison.Ordinal))).ToList();
                var match = Assert.Single(printed);
                Assert.True(match.StartsWith(prefix, StringComparison.Ordinal) && match.EndsWith($"[{@case.Rule.Name}]", StringComparison.Ordinal),
                    $"{@case.Name}: expected {prefix}... [{@case.Rule.Name}], got {match}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_rule_has_its_own_name_and_the_rule_book_lists_them_all()
    {
        var output = new StringWriter();

        CheckContentCommand.PrintRules(output);

        Assert.Equal(ContentRules.All.Count, ContentRules.All.Select(r => r.Name).Distinct().Count());
        Assert.Contains($"{ContentRules.ImmediateCard.Name} (blocks publishing, body): ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{ContentRules.AwaitingFirstReview.Name} (warning, reviewer): ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{ContentRules.All.Count} rules.", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The finding expected by <paramref name="case"/>, and no other error.</summary>
    private static void AssertFinding(RuleCase @case, IReadOnlyList<ContentFinding> findings, string path)
    {
        var matching = findings.Where(f => f.Rule == @case.Rule).ToList();
        var finding = Assert.Single(matching);
        Assert.True((@case.Level, @case.Field, @case.ExpectedLine) == (finding.Level, finding.Field, finding.Line),
            $"{@case.Name} through {path}: expected {@case.Level} on {@case.Field} at line {@case.ExpectedLine}, got {finding}");
        var others = findings.Where(f => f.Level == FindingLevel.Error && f.Rule != @case.Rule).ToList();
        Assert.True(others.Count == 0, $"{@case.Name} through {path}: other errors: {string.Join("; ", others)}");
    }

    /// <summary>Whether the page shows the good text where the case's edit changed it.</summary>
    private static bool LastGoodIsLive(string pageText) =>
        pageText.Contains("This is version one.", StringComparison.Ordinal) && !pageText.Contains("This is version two.", StringComparison.Ordinal);

    private static string Swap(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private static string Cut(string text, string part) => Swap(text, part, "");
}
