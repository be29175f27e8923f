using FacetEducation.Web.Search;

namespace FacetEducation.Tests.Search;

/// <summary>How a visitor's text becomes an FTS5 expression made only of quoted words.</summary>
public sealed class SearchQueryTests
{
    private static readonly Synonyms Lay = new([["lower back", "lumbar"], ["lean back", "leaning backwards", "extension"], ["twist", "rotation"]]);

    [Fact]
    public void Operators_and_punctuation_become_quoted_words()
    {
        var query = SearchQuery.Parse("NEAR( pain AND OR NOT * - \"x\" title:facet", Synonyms.Empty)!;

        Assert.Equal("\"near\" AND \"pain\" AND \"not\" AND \"title\" AND \"facet\"", query.All);
    }

    [Fact]
    public void Common_words_are_dropped_unless_nothing_else_is_left()
    {
        Assert.Equal("\"pain\" AND (\"lean back\" OR \"leaning backwards\" OR \"extension\")", SearchQuery.Parse("pain when I lean back", Lay)!.All);
        Assert.Equal("\"what\" AND \"is\" AND \"it\"", SearchQuery.Parse("what is it", Lay)!.All);
    }

    [Fact]
    public void Synonyms_match_phrases_and_word_endings()
    {
        var query = SearchQuery.Parse("Lower back twisting", Lay)!;

        Assert.Equal("(\"lower back\" OR \"lumbar\") AND (\"twisting\" OR \"twist\" OR \"rotation\")", query.All);
        Assert.Equal("\"lower back\" OR \"lumbar\" OR \"twisting\" OR \"twist\" OR \"rotation\" OR \"lower\" OR \"back\"", query.Any);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"")]
    [InlineData("* - ( ) ^ :")]
    [InlineData("😀🦴")]
    [InlineData("a b c")]
    public void Text_without_words_is_no_query(string text)
    {
        Assert.Null(SearchQuery.Parse(text, Lay));
    }

    [Fact]
    public void A_long_query_is_capped_at_a_dozen_ideas()
    {
        var text = string.Join(' ', Enumerable.Range(0, 100).Select(i => "word" + i));

        var query = SearchQuery.Parse(text, Synonyms.Empty)!;

        Assert.Equal(SearchQuery.MaxIdeas, query.All.Split(" AND ").Length);
    }

    [Fact]
    public void Synonyms_file_entries_are_reduced_to_words()
    {
        var (synonyms, problem) = SynonymsFile.Parse("- [\"neck\\\" OR *\", cervical]\n");

        Assert.Null(problem);
        Assert.Equal(["neck or", "cervical"], synonyms!.Groups.Single());
    }

    [Theory]
    [InlineData("- [neck]\n", "group 1 ('neck') needs at least two")]
    [InlineData("- [neck, cervical]\n- []\n", "group 2 ('(empty)') needs at least two")]
    public void A_synonyms_group_needs_two_entries(string yaml, string expected)
    {
        var (synonyms, problem) = SynonymsFile.Parse(yaml);

        Assert.Null(synonyms);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }
}
