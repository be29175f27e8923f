using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Search;

namespace FacetEducation.Tests.Search;

/// <summary>Patients' own words against the shipped content.</summary>
public sealed class SearchRankingTests(SearchRankingTests.Fixture fixture) : IClassFixture<SearchRankingTests.Fixture>
{
    public sealed class Fixture : SiteFactory;

    private const string FacetJointPain = "/conditions/facet-joint-pain";
    private const string SpinalAnatomy = "/conditions/spinal-anatomy-explained";
    private const string DeskNeck = "/blog/desk-neck-tips";
    private const string MedialBranchBlock = "/blog/medial-branch-block-what-to-expect";

    private readonly HttpClient _client = fixture.CreateClient();

    [Theory]
    [InlineData("pain leaning backwards")]
    [InlineData("pain when I lean back")]
    [InlineData("back hurts when I lean back")]
    [InlineData("facet joint")]
    public async Task Pain_on_leaning_back_puts_facet_joint_pain_first(string query)
    {
        var urls = await _client.ResultUrlsAsync(query);

        Assert.Equal(FacetJointPain, urls.FirstOrDefault());
    }

    [Fact]
    public async Task Stiff_neck_in_the_morning_finds_the_neck_and_facet_articles_first()
    {
        var urls = await _client.ResultUrlsAsync("stiff neck morning");

        Assert.True(urls.Count >= 2, string.Join(", ", urls));
        Assert.Subset(new HashSet<string> { FacetJointPain, DeskNeck, "/blog/why-rest-is-not-best" }, urls.Take(2).ToHashSet());
        Assert.Contains(DeskNeck, urls);
    }

    [Fact]
    public async Task Lower_back_twisting_finds_the_facet_and_anatomy_articles_first()
    {
        var urls = await _client.ResultUrlsAsync("lower back twisting");

        Assert.Equal(new HashSet<string> { FacetJointPain, SpinalAnatomy }, urls.Take(2).ToHashSet());
    }

    [Fact]
    public async Task Results_show_title_region_and_a_snippet_with_the_matched_words_highlighted()
    {
        var (_, doc) = await _client.SearchAsync("pain leaning backwards");

        var first = doc.QuerySelector(".search-results__item")!;
        Assert.Equal("Facet joint pain", first.QuerySelector("h3")!.TextContent.Trim());
        Assert.Contains("Lower back (lumbar spine)", first.QuerySelector(".card__meta")!.TextContent, StringComparison.Ordinal);
        // A phrase is highlighted whole ("lean back"); every word in a highlight is a query word or synonym.
        var marked = first.QuerySelectorAll("mark").SelectMany(m => m.TextContent.ToLowerInvariant().Split(' ')).ToList();
        Assert.Contains("pain", marked);
        Assert.Contains("back", marked);
        Assert.All(marked, w => Assert.Contains(w, new[] { "pain", "lean", "leaning", "back", "backwards", "extension", "arch", "bend", "bending" }));
        Assert.DoesNotContain('\uE000', first.TextContent);
        Assert.DoesNotContain('\uE001', first.TextContent);
    }

    [Fact]
    public async Task Blog_posts_are_found_and_labelled()
    {
        var (_, doc) = await _client.SearchAsync("desk set up");

        var first = doc.QuerySelector(".search-results__item")!;
        Assert.Equal(DeskNeck, first.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("Blog post", first.QuerySelector(".card__meta")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("twisting", "twist")]
    [InlineData("walking", "walk")]
    [InlineData("cushioning", "cushion")]
    [InlineData("desks", "desk")]
    public async Task Stemming_finds_other_forms_of_a_word(string query, string other)
    {
        var (_, doc) = await _client.SearchAsync(query);

        var marks = doc.QuerySelectorAll(".search-results mark").Select(m => m.TextContent.ToLowerInvariant()).ToList();
        Assert.Contains(other, marks);
    }

    [Theory]
    [InlineData("lumbago", FacetJointPain)]
    [InlineData("mid back", SpinalAnatomy)]
    [InlineData("slipped disc", "/blog/scan-results-explained")]
    [InlineData("tailbone", SpinalAnatomy)]
    [InlineData("nerve ablation", MedialBranchBlock)]
    [InlineData("rfa", MedialBranchBlock)]
    [InlineData("nsaids", "/blog/why-rest-is-not-best")]
    public async Task Lay_words_find_articles_written_with_clinical_ones(string query, string expected)
    {
        var urls = await _client.ResultUrlsAsync(query);

        Assert.Contains(expected, urls);
    }

    [Theory]
    [InlineData("arthritis", "osteoarthritis", "wear and tear")]
    [InlineData("wear and tear", "degeneration", "arthritis")]
    [InlineData("radiofrequency denervation", "nerve ablation", "injection")]
    [InlineData("medial branch block", "injection", "radiofrequency denervation")]
    [InlineData("disc bulge", "bulging disc", "slipped disc")]
    public void Shipped_synonyms_group_a_word_only_with_words_of_the_same_meaning(string entry, string same, string different)
    {
        // A group widens every search that uses it, so a word grouped with a different idea
        // ("arthritis" with "wear and tear") would send a patient to pages about something else.
        var (synonyms, problem) = SynonymsFile.Parse(File.ReadAllText(Path.Combine(TestContent.ShippedContentPath, SynonymsFile.FileName)));

        Assert.Null(problem);
        var group = Assert.Single(synonyms!.Groups, g => g.Contains(entry));
        Assert.Contains(same, group);
        Assert.DoesNotContain(different, group);
    }

    [Fact]
    public async Task A_synonym_is_highlighted_where_the_article_uses_it()
    {
        var (_, doc) = await _client.SearchAsync("lumbago");

        var marks = doc.QuerySelectorAll(".search-results mark").Select(m => m.TextContent.ToLowerInvariant()).ToList();
        Assert.Contains(marks, m => m.Contains("lumbar", StringComparison.Ordinal) || m == "lower back");
        Assert.DoesNotContain("lumbago", marks);
    }

    [Fact]
    public async Task Nothing_found_gives_help_not_an_empty_page()
    {
        var (_, doc) = await _client.SearchAsync("xylophone quartet");

        Assert.Contains("No results", doc.QuerySelector("main h2")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(doc.QuerySelectorAll(".search-results__item"));
        var help = doc.QuerySelector("main ul")!.TextContent;
        Assert.Contains("spelling", help, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("main a[href='/conditions']"));
        Assert.NotNull(doc.QuerySelector("main a[href='/contact']"));
    }
}
