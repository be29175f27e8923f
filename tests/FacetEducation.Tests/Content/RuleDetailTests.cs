using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Tests.Content;

/// <summary>Details of single rules: YAML in plain English, every broken link at once, the templates'
/// placeholders, pasted bullets line by line.</summary>
public sealed class RuleDetailTests
{
    private static readonly CheckContext Context = new(_ => false, path => path == "/conditions/facet-joint-pain", new DateOnly(2026, 6, 1));

    private static CheckReport Check(string text, ArticleKind kind = ArticleKind.Condition) =>
        ContentChecks.Run(kind, "conditions/test.md", text, Context);

    [Theory]
    [InlineData("title: T\nsummary: S\nregions: [lumbar]\nreviewer:\n\tname: R\n", 6, 1, "indented with a tab")]
    [InlineData("title: T\nsummary: S\n- stray\nregions: [lumbar]\n", 4, 2, "does not fit the settings above it")]
    [InlineData("title: Back pain: what helps\nsummary: S\nregions: [lumbar]\n", 2, 17, "in double quotes")]
    [InlineData("title: T\nsumary: S\nregions: [lumbar]\n", 3, 1, "'sumary' is not a setting the site knows")]
    [InlineData("title: T\nsummary: S\nregions: [lumbar\n", 5, 1, "list in square brackets is not closed")]
    public void A_yaml_mistake_is_put_in_plain_english_at_its_line_and_column_in_the_file(string yaml, int line, int column, string words)
    {
        var report = Check($"---\n{yaml}---\n\nText.\n");

        var finding = Assert.Single(report.Findings, f => f.Rule == ContentRules.FrontMatterInvalid);
        Assert.Equal((line, column), (finding.Line, finding.Column));
        Assert.Contains($"line {line}, column {column}", finding.Message, StringComparison.Ordinal);
        Assert.Contains(words, finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("While ", finding.Message, StringComparison.Ordinal);
        Assert.Equal("frontMatter", finding.Field);
    }

    [Fact]
    public void Every_broken_link_and_picture_is_listed_at_once_with_the_other_errors()
    {
        var report = Check(TestContent.Condition("Links",
            "# A second title\n\nSee [one](/conditions/gone-one) and [two](/blog/gone-two).\n\n![A spine](/images/gone.png)\n"));

        Assert.Null(report.Article);
        Assert.Contains(report.Findings, f => f.Rule == ContentRules.HeadingTitle);
        Assert.Equal(["/conditions/gone-one", "/blog/gone-two"],
            report.Findings.Where(f => f.Rule == ContentRules.LinkBroken).Select(f => f.Message.Split(' ')[3]));
        Assert.Contains(report.Findings, f => f.Rule == ContentRules.Picture && f.Message.Contains("gone.png", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ArticleKind.Condition, 9)]
    [InlineData(ArticleKind.Post, 2)]
    [InlineData(ArticleKind.Page, 1)]
    public void A_new_article_from_the_template_cannot_be_published_until_each_instruction_is_replaced(ArticleKind kind, int instructions)
    {
        var text = Templates.For(kind, "Whiplash", "Test Author", new DateOnly(2026, 6, 1)).Replace("draft: true\n", "", StringComparison.Ordinal);

        var report = ContentChecks.Run(kind, $"{kind.Folder()}/whiplash.md", text, Context);

        var placeholders = report.Findings.Where(f => f.Rule == ContentRules.Placeholder).ToList();
        Assert.Equal(instructions, placeholders.Count);
        Assert.All(placeholders, p => Assert.True(p.Line > 1));
        Assert.True(report.HasErrors);
        Assert.Null(report.Article);
    }

    [Fact]
    public void Each_pasted_bullet_is_reported_on_its_own_line()
    {
        var text = TestContent.Condition("Bullets", "What helps:\n• keep moving\n• use heat\n");

        var report = Check(text);

        var lines = text.Split('\n');
        Assert.Equal(
            [Array.IndexOf(lines, "• keep moving") + 1, Array.IndexOf(lines, "• use heat") + 1],
            report.Findings.Where(f => f.Rule == ContentRules.PastedBullet).Select(f => f.Line));
    }
}
