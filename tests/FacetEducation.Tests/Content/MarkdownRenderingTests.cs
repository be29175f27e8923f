using AngleSharp.Html.Parser;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;

namespace FacetEducation.Tests.Content;

/// <summary>Markdown in, HTML out: one test per extension a clinician can write by hand.</summary>
public sealed class MarkdownRenderingTests
{
    private static readonly HtmlParser Html = new();

    /// <summary>The whole file a test body is parsed in: front matter, the body, the care cards.</summary>
    private static string FileText(string body) => TestContent.Condition("Test", body);

    private static ArticleParser.Result Parse(string body, Func<string, bool>? imageExists = null) =>
        ArticleParser.Parse(ArticleKind.Condition, "conditions/test.md", FileText(body),
            DateTimeOffset.UnixEpoch, imageExists ?? (_ => false));

    private static Article Render(string body, Func<string, bool>? imageExists = null)
    {
        var result = Parse(body, imageExists);
        Assert.True(result.Article is not null, string.Join("\n", result.Errors));
        return result.Article;
    }

    [Theory]
    [InlineData("info", "Information:")]
    [InlineData("non-urgent", "Non-urgent advice:")]
    [InlineData("urgent", "Urgent advice:")]
    [InlineData("immediate", "Immediate action required:")]
    public void Care_card_renders_with_its_level_said_in_words(string level, string label)
    {
        var article = Render($"## When to get help\n\n::: {level} Call 999 if:\n- you cannot feel your legs\n:::\n");

        var card = Html.ParseDocument(article.Html).QuerySelector(".care-card")!;
        Assert.Contains($"care-card--{level}", card.ClassName, StringComparison.Ordinal);
        var heading = card.QuerySelector(".care-card__heading")!;
        Assert.Equal("H3", heading.TagName); // nested under the h2 it sits in
        Assert.Equal($"{label} Call 999 if:", heading.TextContent.Trim());
        Assert.Equal("you cannot feel your legs", card.QuerySelector(".care-card__content li")!.TextContent);
    }

    [Fact]
    public void Care_card_without_a_heading_is_an_error_with_its_line()
    {
        const string body = "Intro.\n\n::: urgent\n- text\n:::\n";
        var result = Parse(body);

        var error = Assert.Single(result.Errors);
        Assert.Equal(TestContent.LineOf(FileText(body), "::: urgent"), error.Line);
        Assert.Contains("needs a heading", error.Message, StringComparison.Ordinal);
        Assert.Contains("'::: urgent Ask for an urgent GP appointment or call 111 if:'", error.Message, StringComparison.Ordinal);

        // The example is of the card's own level: never a 999 heading on an urgent card, or the reverse.
        var immediate = Assert.Single(Parse("Intro.\n\n::: immediate\n- text\n:::\n").Errors);
        Assert.Contains("'::: immediate Call 999 or go to A&E if:'", immediate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Faq_block_renders_details_expanders_and_collects_questions_and_answers()
    {
        var article = Render("## Questions\n\n::: faq\n### Is it serious?\nUsually **not**.\n\nIt settles.\n\n### Will I need a scan?\nMost people do not.\n:::\n");

        var doc = Html.ParseDocument(article.Html);
        var items = doc.QuerySelectorAll(".faq details");
        Assert.Equal(2, items.Length);
        Assert.Equal("Is it serious?", items[0].QuerySelector("summary")!.TextContent);
        Assert.Contains("<strong>not</strong>", items[0].QuerySelector(".faq__answer")!.InnerHtml, StringComparison.Ordinal);
        Assert.Empty(doc.QuerySelectorAll(".faq h3")); // questions are summaries, not headings
        Assert.Equal([new FaqEntry("Is it serious?", "Usually not. It settles."), new FaqEntry("Will I need a scan?", "Most people do not.")], article.Faq);
    }

    [Fact]
    public void Faq_block_that_does_not_start_with_a_question_is_an_error()
    {
        var result = Parse("::: faq\nAn answer with no question.\n:::\n");

        Assert.Null(result.Article);
        Assert.Contains(result.Errors, e => e.Message.Contains("must start with a question", StringComparison.Ordinal));
    }

    [Fact]
    public void Pipe_table_renders_as_a_table_with_header_cells()
    {
        var article = Render("| Region | Bones |\n| --- | --- |\n| Cervical | 7 |\n| Lumbar | 5 |\n");

        var table = Html.ParseDocument(article.Html).QuerySelector("table")!;
        Assert.Equal(["Region", "Bones"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Equal(2, table.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public void Headings_get_stable_ids_and_level_two_headings_form_the_contents_list()
    {
        var article = Render("## What is it?\n\nText.\n\n### A detail\n\n## When to get help\n\nText.\n");

        Assert.Equal([new ContentsEntry("what-is-it", "What is it?"), new ContentsEntry("when-to-get-help", "When to get help")], article.Contents);
        Assert.NotNull(Html.ParseDocument(article.Html).GetElementById("when-to-get-help"));
    }

    [Fact]
    public void Image_with_alt_text_renders_and_image_without_alt_text_is_refused()
    {
        var good = Render("![A side view of the spine](/images/spine.png)\n", name => name == "spine.png");
        var img = Html.ParseDocument(good.Html).QuerySelector("img")!;
        Assert.Equal("A side view of the spine", img.GetAttribute("alt"));

        const string badBody = "Text.\n\n![](/images/spine.png)\n";
        var bad = Parse(badBody, name => name == "spine.png");
        Assert.Null(bad.Article);
        var error = Assert.Single(bad.Errors);
        Assert.Equal(TestContent.LineOf(FileText(badBody), "![]("), error.Line);
        Assert.Contains("no description", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_that_does_not_exist_is_refused()
    {
        var result = Parse("![A spine](/images/missing.png)\n");

        Assert.Contains(result.Errors, e => e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("Text <img src=x onerror=alert(1)> more")]
    [InlineData("<div onmouseover=\"alert(1)\">hover</div>")]
    public void Raw_html_never_reaches_the_page_and_is_reported(string body)
    {
        var withIntro = "Intro.\n\n" + body + "\n";
        var result = Parse(withIntro);

        Assert.Null(result.Article);
        var line = TestContent.LineOf(FileText(withIntro), body);
        Assert.Contains(result.Errors, e => e.Message.Contains("HTML is not allowed", StringComparison.Ordinal) && e.Line == line);
    }

    [Fact]
    public void Raw_html_is_dropped_by_the_renderer_itself()
    {
        // Defence in depth: even if a file with HTML were rendered, the markup would not be written.
        var html = Markdig.Markdown.ToHtml("a <script>alert(1)</script> b\n\n<img src=x onerror=alert(1)>\n", FacetEducation.Web.Content.Markdown.ClinicMarkdown.Pipeline);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Html_comments_are_allowed_and_not_shown()
    {
        var article = Render("Text.\n\n<!-- note for the next editor -->\n");

        Assert.DoesNotContain("note for the next editor", article.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[click](//evil.example/)")]
    [InlineData("<javascript:alert(1)>")]
    public void Unsafe_link_addresses_are_refused(string body)
    {
        var result = Parse(body + "\n");

        Assert.Null(result.Article);
        Assert.Contains(result.Errors, e => e.Message.Contains("not allowed", StringComparison.Ordinal) || e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Internal_links_are_collected_for_the_cross_file_check()
    {
        var article = Render("See [anatomy](/conditions/spinal-anatomy-explained#discs) and [NHS](https://www.nhs.uk/).\n");

        var link = Assert.Single(article.Links);
        Assert.Equal("/conditions/spinal-anatomy-explained", link.Path);
    }

    [Fact]
    public void A_single_hash_heading_is_refused_because_the_title_is_the_h1()
    {
        var result = Parse("# Another title\n\nText.\n");

        Assert.Contains(result.Errors, e => e.Message.Contains("Use '##'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("title: [unclosed", "Front matter is not valid")]
    [InlineData("title: T\nsumary: typo", "Front matter is not valid")]
    [InlineData("title: T\nsummary: S\nregions: [lumbar]\nreviewer: { name: R }\nlastReviewed: 20/11/2026\nnextReviewDue: 2029-01-01", "YYYY-MM-DD")]
    [InlineData("title: T\nsummary: S\nregions: [knees]\nreviewer: { name: R }\nlastReviewed: 2026-01-01\nnextReviewDue: 2029-01-01", "Unknown region 'knees'")]
    [InlineData("title: T\nregions: [lumbar]\nreviewer: { name: R }\nlastReviewed: 2026-01-01\nnextReviewDue: 2029-01-01", "'summary' is required")]
    [InlineData("title: T\nsummary: S\nregions: [lumbar]\nlastReviewed: 2026-01-01\nnextReviewDue: 2029-01-01", "'reviewer' with a 'name' is required")]
    [InlineData("title: T\nsummary: S\nregions: [lumbar]\nreviewer: { name: R }\nlastReviewed: 2026-01-01\nnextReviewDue: 2025-01-01", "must be after")]
    [InlineData("title: T\nsummary: S\nslug: ../../etc/passwd\nregions: [lumbar]\nreviewer: { name: R }\nlastReviewed: 2026-01-01\nnextReviewDue: 2029-01-01", "The slug")]
    public void Bad_front_matter_is_refused_with_a_specific_message(string yaml, string expected)
    {
        var result = ArticleParser.Parse(ArticleKind.Condition, "conditions/x.md", $"---\n{yaml}\n---\nBody.\n", DateTimeOffset.UnixEpoch, _ => false);

        Assert.Null(result.Article);
        Assert.Contains(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_error_points_at_the_line_in_the_file()
    {
        var result = ArticleParser.Parse(ArticleKind.Condition, "conditions/x.md", "---\ntitle: T\nsummary: S\nregions: [lumbar\n---\nBody.\n", DateTimeOffset.UnixEpoch, _ => false);

        var error = Assert.Single(result.Errors);
        Assert.InRange(error.Line ?? 0, 4, 5);
    }

    [Fact]
    public void File_without_front_matter_is_refused()
    {
        var result = ArticleParser.Parse(ArticleKind.Post, "blog/x.md", "Just text.\n", DateTimeOffset.UnixEpoch, _ => false);

        Assert.Contains(result.Errors, e => e.Message.Contains("must start with front matter", StringComparison.Ordinal));
    }

    [Fact]
    public void Deeply_nested_markdown_is_rendered_or_refused_with_a_message()
    {
        // Each input is within the 512 KB file limit and nests tens of thousands of levels deep.
        var lists = string.Concat(Enumerable.Repeat("- ", 50_000)) + "item\n";
        var quotes = new string('>', 100_000) + " deep\n";
        var brackets = new string('[', 50_000) + "x" + new string(']', 50_000) + "\n";
        var emphasis = string.Concat(Enumerable.Repeat("*a ", 50_000)) + "\n";

        foreach (var body in new[] { lists, quotes, brackets, emphasis })
        {
            var result = Parse(body);
            if (result.Article is null)
            {
                Assert.Contains(result.Errors, e => e.Message.Contains("nested", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Plain_text_of_cards_and_faq_carries_their_words_and_no_markup()
    {
        var article = Render("## Help\n\n::: urgent Call 999 if:\n- your legs are weak\n:::\n\n::: faq\n### Is it serious?\nUsually not.\n:::\n");

        Assert.DoesNotContain("<", article.PlainText, StringComparison.Ordinal);
        Assert.Contains("Urgent advice: Call 999 if:", article.PlainText, StringComparison.Ordinal);
        Assert.Contains("your legs are weak", article.PlainText, StringComparison.Ordinal);
        Assert.Contains("Is it serious?", article.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Care_card_headings_follow_the_section_they_are_in()
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

        var html = ArticleParser.Parse(ArticleKind.Condition, "conditions/levels.md", text, DateTimeOffset.UnixEpoch, _ => true)
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
