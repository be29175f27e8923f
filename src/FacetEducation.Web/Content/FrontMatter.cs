namespace FacetEducation.Web.Content;

/// <summary>
/// The YAML block at the top of a Markdown file, exactly as written. Unknown keys are an error
/// (a typo such as <c>sumary</c> should not silently drop the summary), so every key the clinician
/// may write is a property here; <c>content/README.md</c> documents them.
/// </summary>
public sealed class FrontMatter
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Slug { get; set; }
    public List<string>? Regions { get; set; }
    public string? Condition { get; set; }
    public string? Author { get; set; }
    public ReviewerFrontMatter? Reviewer { get; set; }
    public DateOnly? LastReviewed { get; set; }
    public DateOnly? NextReviewDue { get; set; }
    public DateOnly? Published { get; set; }
    public bool Draft { get; set; }
    public bool Featured { get; set; }
    public List<string>? Related { get; set; }
    public List<SourceFrontMatter>? Sources { get; set; }
}

public sealed class ReviewerFrontMatter
{
    public string? Name { get; set; }
    public string? Registration { get; set; }
}

public sealed class SourceFrontMatter
{
    public string? Title { get; set; }
    public string? Publisher { get; set; }
    public int? Year { get; set; }
    public string? Url { get; set; }
}
