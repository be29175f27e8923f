namespace FacetEducation.Web.Content;

/// <summary>One published article, post or page: front matter and body checked at load time, the
/// body rendered once, at load, so that a request only reads it.</summary>
public sealed record Article
{
    public required ArticleKind Kind { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyList<BodyRegion> Regions { get; init; } = [];
    public string? Condition { get; init; }
    public string? Author { get; init; }
    public Reviewer? Reviewer { get; init; }
    public DateOnly? LastReviewed { get; init; }
    public DateOnly? NextReviewDue { get; init; }

    /// <summary>A condition article no clinician has signed off yet: it carries no reviewer and no
    /// review dates, and its page says so.</summary>
    public bool AwaitingFirstReview => Kind == ArticleKind.Condition && LastReviewed is null;

    public DateOnly? Published { get; init; }
    public bool Draft { get; init; }
    public bool Featured { get; init; }
    public IReadOnlyList<string> Related { get; init; } = [];
    public IReadOnlyList<Source> Sources { get; init; } = [];

    private readonly string? _plainText;

    /// <summary>The body as HTML, safe to write without encoding: raw HTML in Markdown is disabled.</summary>
    public string Html { get; init; } = string.Empty;

    /// <summary>The "On this page" list: the body's level-2 headings.</summary>
    public IReadOnlyList<ContentsEntry> Contents { get; init; } = [];

    public IReadOnlyList<FaqEntry> Faq { get; init; } = [];

    /// <summary>The body as plain text, for search and reading-age checks, made from the same parse as
    /// the checks.</summary>
    public string PlainText
    {
        get => _plainText ?? string.Empty;
        init => _plainText = value;
    }

    /// <summary>Paths of other documents this body links to (<c>/conditions/x</c>, <c>/blog/y</c>).</summary>
    public IReadOnlyList<InternalLink> Links { get; init; } = [];

    /// <summary>The file, relative to the content folder, with forward slashes.</summary>
    public required string SourcePath { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public string Url => Kind.UrlFor(Slug);
}

public sealed record Reviewer(string Name, string? Registration);

public sealed record Source(string Title, string? Publisher, int? Year, Uri? Url);

public sealed record ContentsEntry(string Id, string Text);

/// <summary>A question and its answer; <see cref="AnswerText"/> is plain text for JSON-LD.</summary>
public sealed record FaqEntry(string Question, string AnswerText);

/// <summary>A link from a body to another page of the site, with the file line it was written on.</summary>
public sealed record InternalLink(string Path, int Line);
