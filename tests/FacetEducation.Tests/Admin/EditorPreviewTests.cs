using FacetEducation.Web.Admin;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Tests.Admin;

/// <summary>A finding is placed on a line of the editor's body field and named by that line's first
/// words as a reader sees them, so the clinician can find it without counting lines.</summary>
public sealed class EditorPreviewTests
{
    private const string Text = "---\ntitle: Neck pain\nsummary: About it.\n---\n\n## **Bold** heading\n- [Desk set-up](/blog/desk) and a few more words after it\n::: urgent Get help from NHS 111 if:\n";

    private static FindingPlace? PlaceOfLine(int fileLine) =>
        new EditorPreview(null, null, new CheckReport(null, [], null), Text)
            .Place(new ContentFinding(ContentRules.LinkBroken, "conditions/neck-pain.md", fileLine, "A message."));

    [Fact]
    public void A_list_item_with_a_link_is_named_by_its_words_without_the_marks()
    {
        var place = PlaceOfLine(7);
        Assert.Equal(2, place!.Line);
        Assert.Equal("Line 2 of the text (“Desk set-up and a few more…”)", place.Label);
    }

    [Fact]
    public void Headings_and_card_openings_lose_their_marks_and_short_lines_are_named_whole()
    {
        Assert.Equal("Line 1 of the text (“Bold heading”)", PlaceOfLine(6)!.Label);
        Assert.Equal("Line 3 of the text (“Get help from NHS 111 if:”)", PlaceOfLine(8)!.Label);
    }

    [Fact]
    public void A_finding_in_the_settings_or_about_the_whole_file_has_no_line_of_the_text()
    {
        Assert.Null(PlaceOfLine(2));
        Assert.Null(new EditorPreview(null, null, new CheckReport(null, [], null), Text)
            .Place(new ContentFinding(ContentRules.LinkBroken, "conditions/neck-pain.md", null, "A message.")));
    }
}
