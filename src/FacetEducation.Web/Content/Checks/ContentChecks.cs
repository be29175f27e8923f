using FacetEducation.Web.Content.Markdown;
using Markdig.Extensions.CustomContainers;
using Markdig.Syntax;

namespace FacetEducation.Web.Content.Checks;

public enum FindingLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One result of the content checks. <see cref="Field"/> names the editor field it belongs
/// beside (title, summary, regions, sources, ..., body), so the editor can show it there.</summary>
public sealed record ContentFinding(FindingLevel Level, string File, int? Line, string Message, string Field)
{
    public override string ToString() =>
        $"{File}{(Line is { } line ? $":{line}" : "")}: {Level.ToString().ToLowerInvariant()}: {Message}";
}

/// <summary>What the checks found in one file, with the parsed article when it could be published.</summary>
public sealed record CheckReport(Article? Article, IReadOnlyList<ContentFinding> Findings, ReadingAge? ReadingAge)
{
    /// <summary>The body as HTML, even when there are errors (for the editor's preview).</summary>
    public string? Html { get; init; }

    public bool HasErrors => Findings.Any(f => f.Level == FindingLevel.Error);

    public int Count(FindingLevel level) => Findings.Count(f => f.Level == level);
}

/// <summary>What the checks need to know about the rest of the site.</summary>
/// <param name="ImageExists">Whether <c>content/images/{name}</c> exists.</param>
/// <param name="LinkTargetExists">Whether a site path such as <c>/conditions/x</c> is published.</param>
/// <param name="Today">Today's date at the clinic, for review dates.</param>
public sealed record CheckContext(Func<string, bool> ImageExists, Func<string, bool> LinkTargetExists, DateOnly Today)
{
    /// <summary>The context of the live content, today.</summary>
    public static CheckContext For(ContentStore store) => For(store, store.Current, store.Today);

    /// <summary>The context of one content version and day, so results can be cached by them.</summary>
    public static CheckContext For(ContentStore store, ContentSnapshot snapshot, DateOnly today) =>
        new(store.ImageExists, path => store.LinkTargetExists(snapshot, path), today);
}

/// <summary>
/// The one set of content checks, used by the editor (as you type), the dashboard and the
/// <c>check-content</c> command. The parser's own findings (the ones that stop a file being
/// published) are errors; on top of those come the checks that need the whole site or judgement:
/// heading order, the urgent care card, links, reading age and review dates.
/// </summary>
public static class ContentChecks
{
    /// <summary>Review dates this close are highlighted on the dashboard.</summary>
    public const int ReviewSoonDays = 30;

    /// <summary>The warning for a condition article no clinician has signed off yet.</summary>
    public const string AwaitingFirstReviewMessage =
        "Awaiting its first review: no clinician has signed this article off, and its page says so. A reviewer should read it, then sign it off as a full review.";

    public static CheckReport Run(ArticleKind kind, string relativePath, string text, CheckContext context)
    {
        var findings = new List<ContentFinding>();
        var parsed = ArticleParser.Parse(kind, relativePath, text, DateTimeOffset.UtcNow, context.ImageExists);
        foreach (var error in parsed.Errors)
        {
            findings.Add(new ContentFinding(FindingLevel.Error, relativePath, error.Line, error.Message, FieldOf(error.Message, error.Line)));
        }

        MarkdownDocument? document = null;
        try
        {
            document = Markdig.Markdown.Parse(text, ClinicMarkdown.Pipeline);
        }
        catch (ArgumentException)
        {
            // Nested too deeply: the parser has already said so.
        }

        if (document is not null)
        {
            CheckHeadings(document, relativePath, findings);
            CheckFaqQuestions(document, relativePath, findings);
            if (kind == ArticleKind.Condition
                && !document.OfType<CustomContainer>().Any(c => CareCards.TryParse(c.Info, out var level) && level == CareCardLevel.Urgent))
            {
                findings.Add(new ContentFinding(FindingLevel.Error, relativePath, null,
                    "Every condition article needs an urgent care card saying when to get help, for example '::: urgent Call 999 or go to A&E now if:'.", "body"));
            }
        }

        var article = parsed.Article;
        if (article is not null)
        {
            foreach (var link in article.Links.Where(l => !context.LinkTargetExists(l.Path)))
            {
                findings.Add(new ContentFinding(FindingLevel.Error, relativePath, link.Line,
                    $"The link to {link.Path} points at a page that does not exist (or is not published).", "body"));
            }

            CheckReviewDates(article, relativePath, context.Today, findings);
        }

        var readingAge = document is null ? null : ReadingAge.Measure(document);
        if (readingAge is not null && kind != ArticleKind.Page)
        {
            // Clinic pages (privacy notice, accessibility statement) carry legal wording; their
            // reading age is shown but not flagged.
            AddReadingAgeFindings(readingAge, relativePath, findings);
        }

        var ordered = findings
            .Distinct()
            .OrderByDescending(f => f.Level)
            .ThenBy(f => f.Line ?? 0)
            .ToList();
        return new CheckReport(article, ordered, readingAge) { Html = parsed.Html };
    }

    /// <summary>The first line of the body in the file (1-based), so a finding's file line can be
    /// shown as a line of the editor's body field.</summary>
    public static int BodyFirstLine(string text)
    {
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return 1;
        }

        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd('\r').Trim() == "---")
            {
                // The editor's body field starts after the blank lines that follow the front matter
                // (DocumentText.Split drops them, and Compose writes one back).
                var body = i + 1;
                while (body < lines.Length - 1 && lines[body].TrimEnd('\r').Length == 0)
                {
                    body++;
                }

                return body + 1;
            }
        }

        return 1;
    }

    private static void AddReadingAgeFindings(ReadingAge readingAge, string file, List<ContentFinding> findings)
    {
        if (readingAge.Years > ReadingAge.ErrorAbove)
        {
            findings.Add(new ContentFinding(FindingLevel.Error, file, null,
                $"Reading age {readingAge.Years:0.0} (Flesch-Kincaid) is well above the 9 to 11 most patients read comfortably: use shorter sentences and everyday words, starting with the sentences listed.", "body"));
        }
        else if (readingAge.Years > ReadingAge.WarnAbove)
        {
            findings.Add(new ContentFinding(FindingLevel.Warning, file, null,
                $"Reading age {readingAge.Years:0.0} (Flesch-Kincaid) is above 11: shorter sentences and everyday words would help more patients, starting with the sentences listed.", "body"));
        }

        // Notes, not warnings: each points at a sentence to shorten, and the reading age above says
        // whether the article as a whole needs it.
        foreach (var sentence in readingAge.HardSentences)
        {
            findings.Add(new ContentFinding(FindingLevel.Info, file, sentence.Line, HardSentenceMessage(sentence), "body"));
        }
    }

    private static string HardSentenceMessage(HardSentence sentence)
    {
        // The first few long words are enough to show the kind of word to swap.
        const int shown = 5;
        var longWords = string.Join(", ", sentence.LongWords.Take(shown))
            + (sentence.LongWords.Count > shown ? $" and {sentence.LongWords.Count - shown} more" : "");
        var what = sentence.Reasons switch
        {
            HardSentenceReason.Long | HardSentenceReason.LongWords =>
                $"A sentence of {sentence.Words} words (over {ReadingAge.LongSentenceWords}), {sentence.LongWords.Count} of them long ({longWords}): split it and use everyday words",
            HardSentenceReason.Long =>
                $"A sentence of {sentence.Words} words (over {ReadingAge.LongSentenceWords}): split it or shorten it",
            _ =>
                $"A sentence heavy with long words ({sentence.LongWords.Count} of three or more syllables: {longWords}): use everyday words where you can",
        };
        var start = string.Join(' ', sentence.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8));
        return $"{what}. It starts: \"{start}{(start.Length < sentence.Text.Length ? " ..." : "")}\"";
    }

    private static void CheckHeadings(MarkdownDocument document, string file, List<ContentFinding> findings)
    {
        // The page title is the one h1; the body starts at h2 and goes down one level at a time.
        var previous = 1;
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            if (heading.Level > previous + 1)
            {
                var text = ArticleParser.InlineText(heading.Inline);
                findings.Add(new ContentFinding(FindingLevel.Error, file, heading.Line + 1,
                    $"The heading '{text}' skips a level ({new string('#', heading.Level)} straight after {new string('#', previous)}): use {new string('#', previous + 1)}, so screen readers can follow the page outline.", "body"));
            }

            if (heading.Level > 1)
            {
                previous = heading.Level;
            }
        }
    }

    private static void CheckFaqQuestions(MarkdownDocument document, string file, List<ContentFinding> findings)
    {
        var faqs = document.OfType<CustomContainer>().Where(c => string.Equals(c.Info, CareCards.FaqInfo, StringComparison.OrdinalIgnoreCase));
        foreach (var heading in faqs.SelectMany(f => f.OfType<HeadingBlock>()))
        {
            var question = ArticleParser.InlineText(heading.Inline);
            if (!question.EndsWith('?'))
            {
                findings.Add(new ContentFinding(FindingLevel.Warning, file, heading.Line + 1,
                    $"The FAQ heading '{question}' does not end with a question mark: write each entry as a question and its answer.", "body"));
            }
        }
    }

    private static void CheckReviewDates(Article article, string file, DateOnly today, List<ContentFinding> findings)
    {
        if (article.AwaitingFirstReview)
        {
            // A warning, not an error: the article is published, saying on its page that no clinician
            // has checked it yet, until a reviewer signs it off.
            findings.Add(new ContentFinding(FindingLevel.Warning, file, null,
                AwaitingFirstReviewMessage, "reviewer"));
            return;
        }

        if (article.Kind != ArticleKind.Condition || article.NextReviewDue is not { } due)
        {
            return;
        }

        if (due < today)
        {
            findings.Add(new ContentFinding(FindingLevel.Warning, file, null,
                $"The review was due on {due:d MMMM yyyy}: a reviewer should check the article and sign it off as a full review.", "nextReviewDue"));
        }
        else if (due <= today.AddDays(ReviewSoonDays))
        {
            findings.Add(new ContentFinding(FindingLevel.Info, file, null,
                $"The review is due on {due:d MMMM yyyy}, within {ReviewSoonDays} days.", "nextReviewDue"));
        }
    }

    /// <summary>The editor field a parser message belongs beside.</summary>
    private static string FieldOf(string message, int? line)
    {
        (string Key, string Field)[] keys =
        [
            ("source", "sources"), ("Source", "sources"), ("'title'", "title"), ("'summary'", "summary"), ("'regions'", "regions"), ("region '", "regions"),
            ("'reviewer'", "reviewer"), ("'lastReviewed'", "lastReviewed"), ("'nextReviewDue'", "nextReviewDue"),
            ("'published'", "published"), ("'related'", "related"),
            ("slug", "slug"), ("Front matter", "frontMatter"), ("front matter", "frontMatter"),
        ];
        foreach (var (key, field) in keys)
        {
            if (message.Contains(key, StringComparison.Ordinal))
            {
                return field;
            }
        }

        return line is null ? "frontMatter" : "body";
    }
}
