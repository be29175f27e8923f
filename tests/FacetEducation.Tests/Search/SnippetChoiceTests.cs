using FacetEducation.Web.Search;

namespace FacetEducation.Tests.Search;

/// <summary>
/// The rules that choose where a result's snippet comes from, on plain text: which body chunk holds
/// the visitor's words, in what order the chunks are tried, and whether the body's passage or the
/// summary is what the visitor reads. (FTS5 then picks the passage inside the chunk:
/// <see cref="SnippetPageTests"/> reads the result on the page.)
/// </summary>
public sealed class SnippetChoiceTests
{
    private const char Start = SnippetMarkup.MarkStart;
    private const char End = SnippetMarkup.MarkEnd;

    /// <summary>Eight body chunks, lower case as indexed, with the given text in the given chunks.</summary>
    private static string[] Chunks(params (int Chunk, string Text)[] texts)
    {
        var chunks = Enumerable.Repeat("", BodyChunks.Count).ToArray();
        foreach (var (chunk, text) in texts)
        {
            chunks[chunk] = text;
        }

        return chunks;
    }

    private static int[] Best(string[] chunks, params string[] phrases)
    {
        Span<int> best = stackalloc int[SnippetChoice.Tries];
        var count = SnippetChoice.BestChunks(chunks, SnippetChoice.Keys(phrases), best);
        return best[..count].ToArray();
    }

    [Fact]
    public void The_snippet_comes_from_the_chunk_with_the_rarer_idea_before_the_one_that_only_says_pain_often()
    {
        var chunks = Chunks((0, "pain after sitting. pain at night. pain in the morning."), (5, "pain when you lean back"), (6, "rest helps the pain"));

        Assert.Equal([5, 0], Best(chunks, "pain", "leaning"));
    }

    [Fact]
    public void Another_form_of_the_visitors_word_chooses_its_chunk()
    {
        var chunks = Chunks((2, "the ache is worse when the back twists"), (4, "standing for long"));

        Assert.Equal([2], Best(chunks, "twisting"));
    }

    [Fact]
    public void A_word_only_found_inside_another_word_does_not_choose_a_chunk()
    {
        var chunks = Chunks((0, "a holiday in spain"), (3, "painful knees after walking"));

        Assert.Equal([3], Best(chunks, "pain"));
    }

    [Fact]
    public void A_phrase_chooses_only_a_chunk_with_all_of_its_words()
    {
        var chunks = Chunks((1, "lean forward to stretch"), (2, "back pain is common"), (4, "leaning back hurts"));

        Assert.Equal([4], Best(chunks, "lean back"));
    }

    [Fact]
    public void When_the_body_has_none_of_the_words_the_opening_chunk_is_read_with_the_summary()
    {
        var chunks = Chunks((0, "stretches for the neck"), (1, "sitting at a desk"));

        Assert.Empty(Best(chunks, "kyphosis"));
        Assert.Equal((0, true), SnippetChoice.Try(0, []));
    }

    [Fact]
    public void Guessed_chunks_are_read_in_turn_and_the_summary_only_on_the_last_try()
    {
        int[] guesses = [5, 0];

        Assert.Equal((5, false), SnippetChoice.Try(0, guesses));
        Assert.Equal((0, false), SnippetChoice.Try(1, guesses));
        Assert.Equal((0, true), SnippetChoice.Try(2, guesses));
    }

    [Fact]
    public void Trying_stops_at_a_passage_with_a_match_or_once_the_summary_was_read()
    {
        Assert.True(SnippetChoice.Found($"when you {Start}lean{End} back", withSummary: false));
        Assert.False(SnippetChoice.Found("when you stand up", withSummary: false));
        Assert.True(SnippetChoice.Found("when you stand up", withSummary: true));
    }

    [Fact]
    public void A_later_passage_replaces_the_first_only_when_it_has_a_match()
    {
        var first = "the opening of the chunk";
        var matched = $"pain when you {Start}lean{End} back";

        Assert.Equal(first, SnippetChoice.Keep(null, first));
        Assert.Equal(first, SnippetChoice.Keep(first, "another passage without the word"));
        Assert.Equal(matched, SnippetChoice.Keep(first, matched));
    }

    [Fact]
    public void A_body_passage_with_the_word_is_shown_rather_than_the_summary()
    {
        var body = $"it hurts when you {Start}lean{End} back";

        Assert.Equal(body, SnippetChoice.Shown(body, $"{Start}Lean{End}ing back can hurt.", "Leaning back can hurt."));
    }

    [Fact]
    public void When_only_the_title_or_summary_matched_the_highlighted_summary_is_shown()
    {
        var summary = $"What {Start}kyphosis{End} is and how it is treated.";

        Assert.Equal(summary, SnippetChoice.Shown("the opening of the body…", summary, "What kyphosis is and how it is treated."));
    }

    [Fact]
    public void When_nothing_was_highlighted_the_body_passage_is_shown()
    {
        Assert.Equal("the opening of the body…", SnippetChoice.Shown("the opening of the body…", "A short summary.", "A short summary."));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("", "")]
    public void An_article_without_body_text_shows_its_summary(string? body, string? summary)
    {
        Assert.Equal("A short summary.", SnippetChoice.Shown(body, summary, "A short summary."));
    }

    [Fact]
    public void The_snippet_is_split_into_plain_text_and_the_highlighted_words()
    {
        var parts = SnippetMarkup.Split($"Pain when you {Start}lean back{End} is {Start}common{End}");

        Assert.Equal(
            [new SnippetPart("Pain when you ", false), new SnippetPart("lean back", true), new SnippetPart(" is ", false), new SnippetPart("common", true)],
            parts);
    }

    [Fact]
    public void An_unclosed_highlight_runs_to_the_end_and_an_empty_one_shows_nothing()
    {
        Assert.Equal([new SnippetPart("a ", false), new SnippetPart("word", true)], SnippetMarkup.Split($"a {Start}word"));
        Assert.Equal([new SnippetPart("a ", false), new SnippetPart(" b", false)], SnippetMarkup.Split($"a {Start}{End} b"));
    }

    [Fact]
    public void Indexed_text_has_single_spaces_and_no_highlight_characters()
    {
        Assert.Equal("Neck pain at the desk", SnippetMarkup.Clean($"  Neck\n\n pain {Start}at{End}\tthe desk "));
    }

    [Fact]
    public void The_body_is_cut_between_lines_into_eight_chunks_of_about_equal_length()
    {
        var lines = Enumerable.Range(1, 16).Select(i => $"Paragraph {i:00} says one thing plainly.").ToList();

        var chunks = BodyChunks.Split(string.Join("\n\n", lines));

        Assert.Equal(BodyChunks.Count, chunks.Length);
        Assert.All(chunks, c => Assert.Equal(2, lines.Count(c.Contains)));
        Assert.Equal(string.Join(" ", lines), string.Join(" ", chunks));
    }

    [Fact]
    public void A_short_body_fills_the_first_chunks_and_leaves_the_rest_empty()
    {
        var chunks = BodyChunks.Split("One line.\nTwo  lines.");

        Assert.Equal(["One line.", "Two lines.", "", "", "", "", "", ""], chunks);
    }
}
