using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;

namespace FacetEducation.Tests.Content;

/// <summary>
/// The content store checks every file at load but renders a body when it is first read. What a
/// reader gets must not depend on that: the same HTML (care-card heading levels included) and the
/// same plain text as a body rendered at once.
/// </summary>
public sealed class RenderOnFirstUseTests
{
    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var kind in Enum.GetValues<ArticleKind>())
        {
            var folder = Path.Combine(TestContent.ShippedContentPath, kind.Folder());
            foreach (var file in Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(TestContent.ShippedContentPath, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void A_body_rendered_on_first_use_is_the_body_rendered_at_once(string relativePath)
    {
        var kind = Enum.GetValues<ArticleKind>().Single(k => relativePath.StartsWith(k.Folder() + "/", StringComparison.Ordinal));
        var text = File.ReadAllText(Path.Combine(TestContent.ShippedContentPath, relativePath));

        var atOnce = ArticleParser.Parse(kind, relativePath, text, DateTimeOffset.UnixEpoch, _ => true);
        var later = ArticleParser.Parse(kind, relativePath, text, DateTimeOffset.UnixEpoch, _ => true, renderOnFirstUse: true);

        Assert.NotNull(atOnce.Article);
        Assert.NotNull(later.Article);
        Assert.True(atOnce.Article.Html.Length > 200, $"{relativePath} rendered {atOnce.Article.Html.Length} characters");
        Assert.Equal(atOnce.Article.Html, later.Article.Html);
        Assert.Equal(atOnce.Article.PlainText, later.Article.PlainText);
        Assert.Equal(atOnce.Article.Contents, later.Article.Contents);
        Assert.Equal(atOnce.Article.Faq, later.Article.Faq);
    }

    [Fact]
    public void Care_card_headings_follow_the_section_they_are_in_when_rendered_on_first_use()
    {
        var text = TestContent.Condition("Levels", """
            ::: urgent Call 999 if:
            - you cannot feel your legs
            :::

            ## Section

            ::: non-urgent See a GP if:
            - it lasts

            :::

            ### Smaller section

            ::: info Good to know
            Text.
            :::
            """);

        var html = ArticleParser.Parse(ArticleKind.Condition, "conditions/levels.md", text, DateTimeOffset.UnixEpoch, _ => true, renderOnFirstUse: true)
            .Article!.Html;

        var urgent = html.IndexOf("Call 999 if:", StringComparison.Ordinal);
        var gp = html.IndexOf("See a GP if:", StringComparison.Ordinal);
        var info = html.IndexOf("Good to know", StringComparison.Ordinal);
        Assert.True(urgent > 0 && gp > urgent && info > gp, html);
        Assert.Equal("<h2", LastTag(html, urgent));
        Assert.Equal("<h3", LastTag(html, gp));
        Assert.Equal("<h4", LastTag(html, info));
    }

    private static string LastTag(string html, int before)
    {
        var start = html.LastIndexOf("<h", before, StringComparison.Ordinal);
        return html.Substring(start, 3);
    }
}
