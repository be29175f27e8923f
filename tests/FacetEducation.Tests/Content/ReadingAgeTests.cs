using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Content.Markdown;

namespace FacetEducation.Tests.Content;

/// <summary>The reading age, counted on the real sentences of the rendered page: hand-counted
/// passages against the formulas, a published worked example, and the sentences listed to shorten.</summary>
public sealed class ReadingAgeTests
{
    private static readonly CheckContext Context = new(_ => true, _ => true, new DateOnly(2026, 6, 1));

    private static ReadingAge Measure(string markdown) =>
        ReadingAge.Measure(Markdig.Markdown.Parse(markdown, ClinicMarkdown.Pipeline))!;

    // The formulas as published, written out here rather than called, so a slip in the code's copy shows.
    private static double FleschKincaid(int words, int sentences, int syllables) =>
        (0.39 * words / sentences) + (11.8 * syllables / words) - 15.59;

    private static double Smog(int sentences, int longWords) =>
        (1.0430 * Math.Sqrt(longWords * 30.0 / sentences)) + 3.1291;

    [Fact]
    public void A_wrapped_paragraph_is_counted_by_its_sentences_and_a_heading_or_list_item_is_a_unit_of_its_own()
    {
        // Counted by hand (syllables in brackets):
        //   "Your(1) back(1) is(1) strong(1)."                                       4 words,  4 syllables
        //   "Most(1) back(1) pain(1) gets(1) bet-ter(2) in(1) a(1) few(1) weeks(1),
        //    and(1) gen-tle(2) move-ment(2) helps(1) it(1) set-tle(2)."              15 words, 19 syllables
        //     (one sentence over three wrapped lines)
        //   heading "When(1) it(1) helps(1) to(1) rest(1)"                            5 words,  5 syllables
        //   list item "walk(1) each(1) day(1)"                                        3 words,  3 syllables
        //   list item "swim(1) or(1) cy-cle(2)"                                       3 words,  4 syllables
        // Total: 30 words, 5 sentences, 35 syllables, no word of three syllables.
        var age = Measure("""
            Your back is strong. Most back pain gets better
            in a few weeks, and gentle
            movement helps it settle.

            ## When it helps to rest

            - walk each day
            - swim or cycle
            """);

        Assert.Equal((30, 5, 0), (age.Words, age.Sentences, age.LongWords));
        Assert.InRange(age.Grade, FleschKincaid(30, 5, 35) - 0.1, FleschKincaid(30, 5, 35) + 0.1);
        Assert.InRange(age.SmogGrade, Smog(5, 0) - 0.1, Smog(5, 0) + 0.1);
        Assert.Equal(Math.Round(age.Grade + 5, 1), age.Years);
    }

    [Fact]
    public void Table_cells_and_a_care_card_heading_are_units_and_long_words_are_counted_for_smog()
    {
        // Counted by hand (syllables in brackets; * marks a word of three or more syllables):
        //   "Fa-cet(2) joint(1) in-jec-tions*(3) are(1) some-times(2) of-fered(2) when(1)
        //    ex-er-cise*(3) and(1) med-i-ca-tion*(4) have(1) not(1) helped(1)."      13 words, 23 syllables, 3 long
        //   "They(1) can(1) ease(1) pain(1) for(1) a(1) while(1), but(1) the(1)
        //    ef-fect(2) does(1) not(1) last(1)."                                     13 words, 14 syllables
        //   table cells: "Treat-ment(2)", "How(1) long(1) it(1) helps(1)",
        //    "In-jec-tion*(3)", "A(1) few(1) months(1)": 4 units                    9 words, 12 syllables, 1 long
        //   card heading (its fixed label "Urgent advice:" is not counted): "Call(1) 111 if(1):"
        //     (a number is not a word)                                               2 words,  2 syllables
        //   list item "your(1) pain(1) keeps(1) get-ting(2) worse(1)"                5 words,  6 syllables
        // Total: 42 words, 8 sentences, 57 syllables, 4 long words.
        var age = Measure("""
            Facet joint injections are sometimes offered when exercise and medication have not helped.
            They can ease pain for a while, but the effect does not last.

            | Treatment | How long it helps |
            | --- | --- |
            | Injection | A few months |

            ::: urgent Call 111 if:
            - your pain keeps getting worse
            :::
            """);

        Assert.Equal((42, 8, 4), (age.Words, age.Sentences, age.LongWords));
        Assert.InRange(age.Grade, FleschKincaid(42, 8, 57) - 0.1, FleschKincaid(42, 8, 57) + 0.1);
        Assert.InRange(age.SmogGrade, Smog(8, 4) - 0.1, Smog(8, 4) + 0.1);
        Assert.Equal(Math.Round(age.SmogGrade + 5, 1), age.SmogYears);
        // The first sentence has three long words, one short of "heavy", and 13 words: not listed.
        Assert.Empty(age.HardSentences);
    }

    [Fact]
    public void The_published_flesch_kincaid_example_is_within_half_a_grade()
    {
        // The worked example of the Wikipedia article "Flesch–Kincaid readability tests", also the
        // example in the README of the flesch-kincaid package (github.com/wooorm/flesch-kincaid):
        // "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature." is one
        // sentence of 13 words and 26 syllables, Flesch-Kincaid grade 13.08.
        var age = Measure("The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.");

        Assert.InRange(age.Grade, 13.08 - 0.5, 13.08 + 0.5);
    }

    [Fact]
    public void Wrapping_a_paragraph_differently_does_not_change_its_reading_age()
    {
        var oneLine = Measure("Rest for a day or two if you need to. Then start to move again, a little more each day.");
        var wrapped = Measure("Rest for a day or two\nif you need to. Then start to move\nagain, a little\nmore each day.");

        Assert.Equal((2, 20), (wrapped.Sentences, wrapped.Words));
        Assert.Equal(oneLine.Years, wrapped.Years);
    }

    [Fact]
    public void An_abbreviation_or_a_decimal_does_not_end_a_sentence()
    {
        var age = Measure("Gentle exercise, e.g. walking, helps. About 2.5 hours a week is a good aim.");

        Assert.Equal(2, age.Sentences);
    }

    [Theory]
    [InlineData("cat", 1)]
    [InlineData("table", 2)]
    [InlineData("while", 1)]
    [InlineData("physiotherapy", 6)]
    [InlineData("rehabilitation", 6)]
    [InlineData("Australian", 4)]
    [InlineData("serious", 3)]
    [InlineData("usually", 4)]
    [InlineData("treated", 2)]
    [InlineData("moved", 1)]
    [InlineData("changes", 2)]
    [InlineData("movement", 2)]
    [InlineData("safely", 2)]
    [InlineData("sometimes", 2)]
    [InlineData("going", 2)]
    [InlineData("special", 2)]
    [InlineData("language", 2)]
    [InlineData("people", 2)]
    public void Syllables_are_counted_well_enough_for_a_readability_score(string word, int syllables) =>
        Assert.Equal(syllables, ReadingAge.CountSyllables(word));

    [Fact]
    public void A_long_sentence_of_long_words_is_listed_with_its_file_line_and_a_short_one_is_not()
    {
        // 38 words, as in the issue: one sentence wrapped over three lines, starting on the body's third line.
        const string longSentence = """
            Facet joint injections, radiofrequency denervation and other interventional procedures are
            occasionally considered by specialist multidisciplinary teams when persistent symptoms continue
            despite comprehensive rehabilitation, although the available evidence regarding their effectiveness remains uncertain for most people with back pain.
            """;
        var text = TestContent.Condition("Long", $"Move a little more each day.\n\n{longSentence}\n\n## When to get help\n\n::: urgent Call 111 if:\n- the pain gets worse\n:::\n");
        var firstBodyLine = ContentChecks.BodyFirstLine(text);

        var report = ContentChecks.Run(ArticleKind.Condition, "conditions/long.md", text, Context);

        var hard = Assert.Single(report.ReadingAge!.HardSentences);
        Assert.Equal((firstBodyLine + 2, 38, HardSentenceReason.Long | HardSentenceReason.LongWords), (hard.Line, hard.Words, hard.Reasons));
        var note = Assert.Single(report.Findings, f => f.Level == FindingLevel.Info && f.Line == firstBodyLine + 2);
        Assert.StartsWith("A sentence of 38 words (over 25)", note.Message, StringComparison.Ordinal);
        Assert.Contains("18 of them long (injections, radiofrequency, denervation, interventional, procedures and 13 more)", note.Message, StringComparison.Ordinal);
        Assert.EndsWith("It starts: \"Facet joint injections, radiofrequency denervation and other interventional ...\"", note.Message, StringComparison.Ordinal);
        Assert.Equal("body", note.Field);
    }

    [Fact]
    public void A_short_sentence_heavy_with_long_words_is_listed_with_those_words()
    {
        var text = TestContent.Post("Heavy", "Keep moving.\n\nPhysiotherapy, medication and injections are possibilities.\n");

        var report = ContentChecks.Run(ArticleKind.Post, "blog/heavy.md", text, Context);

        var hard = Assert.Single(report.ReadingAge!.HardSentences);
        Assert.Equal(HardSentenceReason.LongWords, hard.Reasons);
        Assert.Equal(["Physiotherapy", "medication", "injections", "possibilities"], hard.LongWords);
        var note = Assert.Single(report.Findings, f => f.Level == FindingLevel.Info);
        Assert.Equal(ContentChecks.BodyFirstLine(text) + 2, note.Line);
        Assert.StartsWith("A sentence heavy with long words (4 of three or more syllables: Physiotherapy, medication, injections, possibilities)", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_editor_preview_names_both_formulas_and_points_at_the_long_sentence_by_its_line()
    {
        using var site = new EditorSite();
        var client = await site.SignedInAsync();
        const string edit = "/admin/edit/blog/desk-neck-tips";
        // The long sentence is on the body's third line.
        const string body = "## Tips\n\n"
            + "Sitting in one position for a long time without a break can make your neck and shoulders feel stiff and sore by the end of a busy working day at the desk.";

        var response = await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body }, "#preview-button",
            new Dictionary<string, string?> { ["X-Requested-With"] = "fetch" });

        var panel = await response.ParseAsync();
        var readingAge = panel.GetElementById("reading-age")!.TextContent;
        Assert.Contains("by Flesch-Kincaid", readingAge, StringComparison.Ordinal);
        Assert.Matches(@"SMOG: \d+\.\d", readingAge);
        var note = Assert.Single(panel.QuerySelectorAll(".finding--info"));
        Assert.Contains("Line 3 of the text (“Sitting in one position for a…”)", note.TextContent, StringComparison.Ordinal);
        Assert.Contains("A sentence of 32 words (over 25)", note.TextContent, StringComparison.Ordinal);
        Assert.Equal("3", note.QuerySelector("a.go-to-line")!.GetAttribute("data-line"));
    }

    [Fact]
    public async Task Without_javascript_the_findings_also_sit_beside_the_save_button_each_naming_its_line()
    {
        using var site = new EditorSite();
        var client = await site.SignedInAsync();
        const string edit = "/admin/edit/blog/desk-neck-tips";
        const string body = "## Tips\n\n- [Desk set-up](https://example.org) helps.\n\n"
            + "Sitting in one position for a long time without a break can make your neck and shoulders feel stiff and sore by the end of a busy working day at the desk.";

        var page = await (await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body }, "#preview-button")).ParseAsync();

        var besideSave = page.QuerySelector("#save-checks")!;
        Assert.Same(page.QuerySelector("#save-button")!.ParentElement, besideSave.PreviousElementSibling);
        var note = Assert.Single(besideSave.QuerySelectorAll(".finding--info"));
        Assert.Contains("Line 5 of the text (“Sitting in one position for a…”)", note.TextContent, StringComparison.Ordinal);
        var go = note.QuerySelector("a.go-to-line")!;
        Assert.Equal("#Form_Body", go.GetAttribute("href"));
        Assert.Equal("Go to line 5", go.TextContent);
        // The same finding is at the top of the preview too.
        Assert.Contains("Line 5 of the text", page.QuerySelector("#checks .finding--info")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_shows_each_reading_age_under_its_formula()
    {
        using var site = new EditorSite();
        var client = await site.SignedInAsync();
        var text = await File.ReadAllTextAsync(Path.Combine(site.ContentPath, "conditions", "facet-joint-pain.md"));
        var expected = ContentChecks.Run(ArticleKind.Condition, "conditions/facet-joint-pain.md", text, Context).ReadingAge!;

        var dashboard = await (await client.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync();

        var headers = dashboard.QuerySelectorAll("#documents thead th").Select(h => h.TextContent.Trim()).ToList();
        var row = dashboard.QuerySelector("tr[data-path='conditions/facet-joint-pain.md']")!;
        Assert.Equal(expected.Years.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            row.Children[headers.IndexOf("Reading age (Flesch-Kincaid)")].TextContent.Trim());
        Assert.Equal(expected.SmogYears.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            row.Children[headers.IndexOf("Reading age (SMOG)")].TextContent.Trim());
        Assert.True(expected.SmogYears > expected.Years, "SMOG predicts full understanding and reads higher.");
    }

    [Fact]
    public async Task Check_content_prints_both_reading_ages_with_their_formulas()
    {
        var folder = Directory.CreateTempSubdirectory("facet-reading-").FullName;
        try
        {
            // Hand-counted: "Rest(1) is(1) not(1) best(1)." and "Keep(1) mov-ing(2)." are 6 words,
            // 2 sentences, 7 syllables, no long word: Flesch-Kincaid grade -0.65, SMOG grade 3.13.
            var text = TestContent.Post("Short", "Rest is not best. Keep moving.\n");
            Directory.CreateDirectory(Path.Combine(folder, "blog"));
            await File.WriteAllTextAsync(Path.Combine(folder, "blog", "short.md"), text);
            var output = new StringWriter();

            await CheckContentCommand.RunAsync([$"--Content:Path={folder}"], output);

            Assert.Contains("blog/short.md: reading age 4.3 by Flesch-Kincaid (grade -0.7), 8.1 by SMOG (grade 3.1); 6 words in 2 sentences",
                output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_clinic_page_shows_its_reading_age_but_lists_no_sentences()
    {
        var text = TestContent.Post("Privacy", "Personal information is processed lawfully, fairly and transparently in accordance with applicable legislation.\n");

        var report = ContentChecks.Run(ArticleKind.Page, "pages/privacy.md", text, Context);

        Assert.NotEmpty(report.ReadingAge!.HardSentences);
        Assert.DoesNotContain(report.Findings, f => f.Message.Contains("sentence", StringComparison.OrdinalIgnoreCase) || f.Message.StartsWith("Reading age", StringComparison.Ordinal));
    }
}
