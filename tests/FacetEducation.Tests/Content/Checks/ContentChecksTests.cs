using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Tests.Content.Checks;

/// <summary>The one set of checks, on good and bad articles.</summary>
public sealed class ContentChecksTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    private static readonly CheckContext Context = new(
        name => name == "spine.png",
        path => path is "/conditions/facet-joint-pain" or "/blog/why-rest-is-not-best",
        Today);

    private const string UrgentCard = "## When to get help\n\n::: immediate Call 999 if:\n- you cannot feel your legs\n:::\n\n::: urgent Call 111 if:\n- it is getting worse\n:::\n";

    private static CheckReport Check(string text, ArticleKind kind = ArticleKind.Condition) =>
        ContentChecks.Run(kind, "conditions/test.md", text, Context);

    [Fact]
    public void A_good_condition_article_passes_every_check()
    {
        var report = Check(TestContent.Condition("Good",
            "Some text that is easy to read. It has short words.\n\n## What helps\n\n![A spine](/images/spine.png)\n\n"
            + "See [facet joint pain](/conditions/facet-joint-pain).\n\n" + UrgentCard
            + "\n## Questions\n\n::: faq\n### Is it serious?\nNo, it is not.\n:::\n"));

        Assert.Empty(report.Findings);
        Assert.NotNull(report.Article);
        Assert.InRange(report.ReadingAge!.Years, 4, 11);
    }

    [Theory]
    [InlineData("## A\n\n#### Skipped\n\nText.\n", "skips a level")]
    [InlineData("# Second title\n\nText.\n", "second title")]
    [InlineData("![](/images/spine.png)\n", "no description")]
    [InlineData("![A picture](/images/missing.png)\n", "does not exist in content/images")]
    [InlineData("[broken](/conditions/no-such-article)\n", "points at a page that does not exist")]
    [InlineData("::: faq\n### Is it serious?\n:::\n", "has no answer")]
    [InlineData("::: faq\nAn answer with no question.\n:::\n", "must start with a question")]
    [InlineData("<script>alert(1)</script>\n", "HTML is not allowed")]
    public void A_bad_condition_article_gets_an_error_naming_the_problem(string body, string message)
    {
        var report = Check(TestContent.Condition("Bad", body + "\n" + UrgentCard));

        Assert.True(report.HasErrors);
        Assert.Contains(report.Findings, f => f.Level == FindingLevel.Error && f.Message.Contains(message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_condition_article_without_an_urgent_care_card_is_an_error_but_a_post_is_not()
    {
        var condition = Check(TestContent.Condition("No card", "## Section\n\nText.\n", withCareCards: false));
        var post = Check(TestContent.Post("No card", "## Section\n\nText.\n"), ArticleKind.Post);

        // Both cards, the immediate (999) and the urgent (111), each its own rule.
        Assert.Contains(condition.Findings, f => f.Level == FindingLevel.Error && f.Message.Contains("needs an urgent card", StringComparison.Ordinal));
        Assert.Contains(condition.Findings, f => f.Level == FindingLevel.Error && f.Message.Contains("needs an immediate card", StringComparison.Ordinal));
        Assert.DoesNotContain(post.Findings, f => f.Rule == ContentRules.UrgentCard || f.Rule == ContentRules.ImmediateCard);
    }

    [Fact]
    public void Required_front_matter_is_reported_beside_its_field()
    {
        // A review date claims a review, so the reviewer and the next date must be there too.
        var report = Check("---\nregions: [lumbar]\nlastReviewed: 2026-01-10\n---\n\n" + UrgentCard);

        Assert.Contains(report.Findings, f => f.Field == "title" && f.Level == FindingLevel.Error);
        Assert.Contains(report.Findings, f => f.Field == "summary" && f.Level == FindingLevel.Error);
        Assert.Contains(report.Findings, f => f.Field == "reviewer" && f.Level == FindingLevel.Error);
        Assert.Contains(report.Findings, f => f.Field == "nextReviewDue" && f.Level == FindingLevel.Error);
    }

    [Fact]
    public void Malformed_yaml_is_an_error_with_its_line()
    {
        var report = Check("---\ntitle: x\nsummary: [oops\n---\n\nText.\n", ArticleKind.Post);

        var finding = Assert.Single(report.Findings, f => f.Level == FindingLevel.Error);
        Assert.Equal(3, finding.Line);
        Assert.Contains("not valid", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_age_warns_above_11_and_is_an_error_above_14()
    {
        var moderate = Check(TestContent.Condition("Moderate",
            "Treatment usually includes an exercise programme and advice about recovery. "
            + "People slowly return to the everyday activities they had been avoiding.\n\n" + UrgentCard));
        var hard = Check(TestContent.Condition("Hard",
            "Intervertebral zygapophysial arthropathy necessitates individualised multidisciplinary rehabilitation incorporating "
            + "biopsychosocial considerations, pharmacological optimisation and progressive neuromuscular reconditioning methodologies.\n\n" + UrgentCard));

        Assert.True(moderate.Findings.Any(f => f.Level == FindingLevel.Warning && f.Message.StartsWith("Reading age", StringComparison.Ordinal)),
            $"reading age {moderate.ReadingAge?.Years}");
        Assert.Contains(hard.Findings, f => f.Level == FindingLevel.Error && f.Message.StartsWith("Reading age", StringComparison.Ordinal));
        Assert.True(hard.ReadingAge!.Years > 14);
    }

    [Fact]
    public void An_overdue_review_is_a_warning_and_one_due_soon_a_note()
    {
        var overdue = Check(TestContent.Condition("Overdue", UrgentCard).Replace("nextReviewDue: 2029-01-10", "nextReviewDue: 2026-05-01", StringComparison.Ordinal));
        var soon = Check(TestContent.Condition("Soon", UrgentCard).Replace("nextReviewDue: 2029-01-10", "nextReviewDue: 2026-06-20", StringComparison.Ordinal));

        Assert.Contains(overdue.Findings, f => f.Level == FindingLevel.Warning && f.Field == "nextReviewDue");
        Assert.Contains(soon.Findings, f => f.Level == FindingLevel.Info && f.Field == "nextReviewDue");
        Assert.False(overdue.HasErrors);
    }

    [Fact]
    public void A_condition_article_with_no_review_is_published_with_a_warning_that_it_awaits_its_first_review()
    {
        var report = Check($"""
            ---
            title: Not reviewed
            summary: A short summary.
            regions: [lumbar]
            ---
            Some text that is easy to read.

            {UrgentCard}
            """);

        Assert.False(report.HasErrors, string.Join('\n', report.Findings));
        Assert.True(report.Article!.AwaitingFirstReview);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingLevel.Warning, "reviewer"), (finding.Level, finding.Field));
        Assert.Equal(ContentChecks.AwaitingFirstReviewMessage, finding.Message);
    }

    [Theory]
    [InlineData("lastReviewed: 2026-01-10", "'reviewer' with a 'name' is required")]
    [InlineData("reviewer:\n  name: Test Reviewer", "'lastReviewed' (YYYY-MM-DD) is required")]
    [InlineData("lastReviewed: 2026-01-10\nreviewer:\n  name: Test Reviewer", "'nextReviewDue' (YYYY-MM-DD) is required")]
    public void Part_of_a_review_record_is_an_error_not_an_article_awaiting_review(string review, string message)
    {
        var report = Check($"---\ntitle: Half\nsummary: A short summary.\nregions: [lumbar]\n{review}\n---\nText.\n\n{UrgentCard}");

        Assert.Null(report.Article);
        Assert.Contains(report.Findings, f => f.Level == FindingLevel.Error && f.Message.StartsWith(message, StringComparison.Ordinal));
    }
}
