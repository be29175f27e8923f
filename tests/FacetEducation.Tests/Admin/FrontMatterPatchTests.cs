using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;

namespace FacetEducation.Tests.Admin;

/// <summary>Saving from the form and signing off keep the front matter as the clinician wrote it.</summary>
public sealed class FrontMatterPatchTests
{
    private const string Commented = """
        # Shown in the browser tab and in search results.
        title: "Facet joint pain"
        summary: Facet joint pain is common.   # keep it short

        # Where it hurts.
        regions: [lumbar, cervical]
        reviewer:
          name: Chris Heywood
          # registration comes from the account
        lastReviewed: 2026-11-20
        nextReviewDue: 2029-11-20
        related:
        - spinal-anatomy-explained

        - why-rest-is-not-best
        # Trailing note for the next editor.

        """;

    private static readonly EditorAccount Reviewer = new() { UserName = "rita", DisplayName = "Rita Reviewer", Registration = "HCPC PH999999", Role = "reviewer" };

    private static string Document(string yaml, string body = "Some text.\n") => $"---\n{yaml}---\n\n{body}";

    private static FrontMatter Read(string yaml) => DocumentText.ReadFrontMatter(yaml, out _)!;

    [Fact]
    public void Split_keeps_every_byte_and_finds_each_key_with_its_value()
    {
        var segments = FrontMatterPatch.Split(Commented);

        Assert.Equal(Commented, string.Concat(segments.Select(s => s.Text)));
        Assert.Equal(["title", "summary", "regions", "reviewer", "lastReviewed", "nextReviewDue", "related"],
            segments.Where(s => s.Key is not null).Select(s => s.Key!));
        Assert.Equal("reviewer:\n  name: Chris Heywood\n  # registration comes from the account\n", segments.Single(s => s.Key == "reviewer").Text);
        // A list's items at column 0, with a blank line between them, belong to the key.
        Assert.Equal("related:\n- spinal-anatomy-explained\n\n- why-rest-is-not-best\n", segments.Single(s => s.Key == "related").Text);
        // Comments at column 0 belong to no key.
        Assert.Contains(segments, s => s.Key is null && s.Text == "# Where it hurts.\n");
        Assert.Contains(segments, s => s.Key is null && s.Text == "# Trailing note for the next editor.\n");
    }

    [Fact]
    public void Nothing_changed_gives_the_yaml_back_byte_for_byte()
    {
        Assert.Equal(Commented, FrontMatterPatch.Apply(Commented, Read(Commented)));
    }

    [Fact]
    public void A_changed_value_is_rewritten_in_place_and_everything_else_is_kept()
    {
        var frontMatter = Read(Commented);
        frontMatter.Title = "Facet joint pain: what helps";

        var patched = FrontMatterPatch.Apply(Commented, frontMatter);

        Assert.Equal(Commented.Replace("title: \"Facet joint pain\"\n", "title: 'Facet joint pain: what helps'\n", StringComparison.Ordinal), patched);
        Assert.Equal("Facet joint pain: what helps", Read(patched).Title);
    }

    [Fact]
    public void A_new_key_is_appended_and_an_emptied_key_is_removed()
    {
        var frontMatter = Read(Commented);
        frontMatter.Related = null;
        frontMatter.Featured = true;
        frontMatter.Condition = "Facet joint pain";

        var patched = FrontMatterPatch.Apply(Commented, frontMatter);

        Assert.DoesNotContain("related", patched, StringComparison.Ordinal);
        Assert.DoesNotContain("why-rest-is-not-best", patched, StringComparison.Ordinal);
        Assert.EndsWith("# Trailing note for the next editor.\ncondition: Facet joint pain\nfeatured: true\n", patched, StringComparison.Ordinal);
        Assert.StartsWith("# Shown in the browser tab and in search results.\ntitle: \"Facet joint pain\"\nsummary: Facet joint pain is common.   # keep it short\n", patched, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_written_another_way_is_not_a_change()
    {
        const string yaml = "title: A\nsummary: B\nregions:\n  - lumbar\ndraft: false\nrelated: []\n";
        var frontMatter = Read(yaml);
        frontMatter.Regions = ["lumbar"];

        Assert.Equal(yaml, FrontMatterPatch.Apply(yaml, frontMatter));
    }

    [Fact]
    public void Yaml_that_cannot_be_read_falls_back_to_writing_the_whole_front_matter()
    {
        var frontMatter = new FrontMatter { Title = "Fixed", Summary = "Now valid." };

        Assert.Equal(ContentYaml.Serializer.Serialize(frontMatter), FrontMatterPatch.Apply("title: [unclosed\n", frontMatter));
        Assert.Equal(ContentYaml.Serializer.Serialize(frontMatter), FrontMatterPatch.Apply(null, frontMatter));
    }

    [Fact]
    public void A_layout_the_segments_cannot_describe_falls_back_to_writing_the_whole_front_matter()
    {
        // A quoted key is not recognised as a key line; the read-back check notices and the whole
        // front matter is written afresh, correctly.
        const string yaml = "\"title\": Old\nsummary: S\n";
        var frontMatter = Read(yaml);
        frontMatter.Title = "New";

        var patched = FrontMatterPatch.Apply(yaml, frontMatter);

        Assert.Equal("New", Read(patched).Title);
        Assert.Equal(ContentYaml.Serializer.Serialize(frontMatter), patched);
    }

    [Fact]
    public void Opening_and_saving_the_shipped_facet_joint_pain_article_unchanged_gives_identical_text()
    {
        var text = File.ReadAllText(Path.Combine(TestContent.ShippedContentPath, "conditions", "facet-joint-pain.md")).ReplaceLineEndings("\n");

        var form = EditorForm.FromText(text, Revision.HashOf(text));

        Assert.Equal(text, form.ToText(text));
    }

    [Fact]
    public void Changing_the_title_in_the_form_keeps_a_comment_line()
    {
        var text = Document(Commented);
        var form = EditorForm.FromText(text, Revision.HashOf(text));
        form.Title = "Facet joint pain explained";

        var saved = form.ToText(text);

        Assert.Equal(Document(Commented.Replace("\"Facet joint pain\"", "Facet joint pain explained", StringComparison.Ordinal)), saved);
        Assert.Contains("# Where it hurts.\n", saved, StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_off_stamps_the_reviewer_and_dates_and_keeps_comments()
    {
        var text = Document(Commented);

        var stamped = DocumentText.Stamp(text, new ReviewClaim(Reviewer.DisplayName, Reviewer.Registration, new DateOnly(2027, 1, 5), new DateOnly(2030, 1, 5)), draft: false);

        var expected = Commented
            .Replace("reviewer:\n  name: Chris Heywood\n  # registration comes from the account\n", "reviewer:\n  name: Rita Reviewer\n  registration: HCPC PH999999\n", StringComparison.Ordinal)
            .Replace("2026-11-20", "2027-01-05", StringComparison.Ordinal)
            .Replace("2029-11-20", "2030-01-05", StringComparison.Ordinal);
        Assert.Equal(Document(expected), stamped);
        Assert.Contains("# Shown in the browser tab and in search results.\n", stamped, StringComparison.Ordinal);
    }
}
