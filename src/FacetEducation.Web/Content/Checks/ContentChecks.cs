using System.Buffers;
using System.Text.RegularExpressions;
using FacetEducation.Web.Content.Markdown;
using Markdig.Extensions.CustomContainers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FacetEducation.Web.Content.Checks;

/// <summary>One result of the content rules: the rule (its severity and the editor field it belongs
/// beside are the rule's), the file and the line in it where known (and the column, for YAML), and a
/// message that says what to do.</summary>
public sealed record ContentFinding(ContentRule Rule, string File, int? Line, string Message)
{
    public int? Column { get; init; }

    public FindingLevel Level => Rule.Level;

    /// <summary>The editor field's name (title, summary, regions, sources, ..., body).</summary>
    public string Field => Rule.Field.EditorName();

    /// <summary>The finding as the content store logs it and lists it in a snapshot.</summary>
    public ContentError ToError() => new(File, Line, Message) { Rule = Rule };

    public override string ToString() =>
        $"{File}{(Line is { } line ? $":{line}" : "")}: {Level.ToString().ToLowerInvariant()}: {Message} [{Rule.Name}]";
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
/// <param name="LinkTargetExists">Whether a site path such as <c>/conditions/x</c> is published; null
/// for the content store's own load, which checks links once the whole set is known
/// (<see cref="ContentChecks.BrokenLinks"/>).</param>
/// <param name="Today">Today's date at the clinic, for review dates.</param>
public sealed record CheckContext(Func<string, bool> ImageExists, Func<string, bool>? LinkTargetExists, DateOnly Today)
{
    /// <summary>The live clinic profile, for the privacy notice's data controller; null for the content
    /// store's own load, which publishes on blocking rules only.</summary>
    public ClinicProfile? Clinic { get; init; }

    /// <summary>The context of the live content, today.</summary>
    public static CheckContext For(ContentStore store, ClinicClock clock) => For(store, store.Current, clock.Today);

    /// <summary>The context of one content version and day, so results can be cached by them.</summary>
    public static CheckContext For(ContentStore store, ContentSnapshot snapshot, DateOnly today) =>
        new(store.ImageExists, path => store.LinkTargetExists(snapshot, path), today) { Clinic = snapshot.Clinic };
}

/// <summary>
/// The rule book applied (<see cref="ContentRules"/>): one parse of the file, then every rule on that
/// parse. The content store publishes a file only when <see cref="Run"/> finds no error, and the
/// editor's save and sign-off, the dashboard and <c>check-content</c> call the same method, so no path
/// to the public site has rules of its own.
/// </summary>
public static partial class ContentChecks
{
    /// <summary>Review dates this close are highlighted on the dashboard.</summary>
    public const int ReviewSoonDays = 30;

    /// <summary>The warning for a condition article no clinician has signed off yet.</summary>
    public const string AwaitingFirstReviewMessage =
        "Awaiting its first review: no clinician has signed this article off, and its page says so. A reviewer should read it, then sign it off as a full review.";

    /// <summary>Checks one file against every rule. <paramref name="lastModified"/> is the file's, when
    /// the content store reads it: see <see cref="ArticleParser.Parse"/>.</summary>
    public static CheckReport Run(ArticleKind kind, string relativePath, string text, CheckContext context,
        DateTimeOffset? lastModified = null)
    {
        var parsed = ArticleParser.Parse(kind, relativePath, text, lastModified ?? DateTimeOffset.UtcNow, context.ImageExists);
        var findings = new List<ContentFinding>(parsed.Findings);

        if (parsed.Document is { } document && parsed.FrontMatter is not null)
        {
            CheckHeadings(document, relativePath, findings);
            CheckFaqQuestions(document, relativePath, findings);
            CheckPlaceholders(document, relativePath, findings);
            CheckPastedBullets(text, BodyFirstLine(text), relativePath, findings);
            if (kind == ArticleKind.Condition)
            {
                CheckCareCards(document, relativePath, findings);
            }

            if (relativePath == PrivacyNotice && context.Clinic?.Company?.Name is { Length: > 0 } company)
            {
                CheckDataController(text, company, relativePath, findings);
            }
        }

        // Every broken link at once, with the other findings, even when the file has errors already.
        if (context.LinkTargetExists is { } exists)
        {
            findings.AddRange(BrokenLinks(relativePath, parsed.Links, exists));
        }

        if (parsed.Article is { } parsedArticle)
        {
            CheckReviewDates(parsedArticle, relativePath, context.Today, findings);
        }

        var readingAge = parsed.Document is { } body ? ReadingAge.Measure(body) : null;
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
        var article = ordered.Any(f => f.Level == FindingLevel.Error) ? null : parsed.Article;
        return new CheckReport(article, ordered, readingAge) { Html = parsed.Html };
    }

    /// <summary>The privacy notice, which names the data controller.</summary>
    public const string PrivacyNotice = "pages/privacy.md";

    /// <summary>A Markdown page cannot read clinic.yml, so the company's name is written in the privacy
    /// notice too; this warns when the two part (a new name in clinic.yml, or an edit of the notice).</summary>
    private static void CheckDataController(string text, string company, string file, List<ContentFinding> findings)
    {
        static string Words(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (!Words(text).Contains(Words(company), StringComparison.Ordinal))
        {
            findings.Add(new ContentFinding(ContentRules.DataController, file, null,
                $"The privacy notice does not name {Words(company)}, the company in clinic.yml: name it as the data controller (\"{Words(company)} is responsible for ...\"), or correct the company's name in clinic.yml."));
        }
    }

    /// <summary>The one link check: each of <paramref name="links"/> whose target <paramref name="exists"/>
    /// says is not published, as a finding. The editor's checks pass the live site; the content store
    /// passes the set it is about to publish.</summary>
    public static IEnumerable<ContentFinding> BrokenLinks(string relativePath, IEnumerable<InternalLink> links, Func<string, bool> exists) =>
        links.Where(l => !exists(l.Path)).Select(l => new ContentFinding(ContentRules.LinkBroken, relativePath, l.Line,
            $"The link to {l.Path} points at a page that does not exist (or is not published). Correct the address or remove the link."));

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
            findings.Add(new ContentFinding(ContentRules.ReadingAgeTooHigh, file, null,
                $"Reading age {readingAge.Years:0.0} (Flesch-Kincaid) is well above the 9 to 11 most patients read comfortably: use shorter sentences and everyday words, starting with the sentences listed."));
        }
        else if (readingAge.Years > ReadingAge.WarnAbove)
        {
            findings.Add(new ContentFinding(ContentRules.ReadingAgeHigh, file, null,
                $"Reading age {readingAge.Years:0.0} (Flesch-Kincaid) is above 11: shorter sentences and everyday words would help more patients, starting with the sentences listed."));
        }

        // Notes, not warnings: each points at a sentence to shorten, and the reading age above says
        // whether the article as a whole needs it.
        foreach (var sentence in readingAge.HardSentences)
        {
            findings.Add(new ContentFinding(ContentRules.HardSentence, file, sentence.Line, HardSentenceMessage(sentence)));
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
                findings.Add(new ContentFinding(ContentRules.HeadingSkipsLevel, file, heading.Line + 1,
                    $"The heading '{text}' skips a level ({new string('#', heading.Level)} straight after {new string('#', previous)}): use {new string('#', previous + 1)}, so screen readers can follow the page outline."));
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
                findings.Add(new ContentFinding(ContentRules.FaqQuestionMark, file, heading.Line + 1,
                    $"The FAQ heading '{question}' does not end with a question mark: write each entry as a question and its answer."));
            }
        }
    }

    /// <summary>A condition article tells the reader when to act now (999 or A&amp;E, an immediate card)
    /// and when to get help today (111 or a GP, an urgent card).</summary>
    private static void CheckCareCards(MarkdownDocument document, string file, List<ContentFinding> findings)
    {
        var cards = document.OfType<CustomContainer>()
            .Select(c => (Card: c, Known: CareCards.TryParse(c.Info, out var level), Level: level))
            .Where(c => c.Known)
            .Select(c => (c.Card, c.Level, Text: CardText(c.Card)))
            .ToList();
        var immediate = cards.Where(c => c.Level == CareCardLevel.Immediate).ToList();
        var urgent = cards.Where(c => c.Level == CareCardLevel.Urgent).ToList();

        // A missing card is placed at the first card there is: where the clinician adds it.
        int? FirstCardLine() => cards.Count > 0 ? cards[0].Card.Line + 1 : null;
        if (immediate.Count == 0)
        {
            var misplaced = urgent.FirstOrDefault(c => SendsTo999(c.Text) && !SendsTo111(c.Text));
            findings.Add(misplaced.Card is { } card
                ? new ContentFinding(ContentRules.ImmediateCard, file, card.Line + 1,
                    "This card sends people to 999 or A&E, so it is an immediate card: change '::: urgent' to '::: immediate' on this line. Every condition article needs one.")
                : new ContentFinding(ContentRules.ImmediateCard, file, FirstCardLine(),
                    "Every condition article needs an immediate card saying when to call 999 or go to A&E, for example '::: immediate Call 999 or go to A&E now if:', beside its other care cards."));
        }
        else if (!immediate.Any(c => SendsTo999(c.Text)))
        {
            findings.Add(new ContentFinding(ContentRules.ImmediateCard, file, immediate[0].Card.Line + 1,
                "The immediate card must say to call 999 or go to A&E (for example 'Call 999 or go to A&E now if:')."));
        }

        if (!urgent.Any(c => SendsTo111(c.Text)))
        {
            findings.Add(new ContentFinding(ContentRules.UrgentCard, file, urgent.Count > 0 ? urgent[0].Card.Line + 1 : FirstCardLine(),
                urgent.Count == 0 || urgent.All(c => SendsTo999(c.Text))
                    ? "Every condition article needs an urgent card saying when to call 111 or see a GP today, for example '::: urgent Ask for an urgent GP appointment or call 111 if:', beside its other care cards."
                    : "The urgent card must say to call 111 or see a GP today (for example 'Ask for an urgent GP appointment or call 111 if:')."));
        }
    }

    private static string CardText(CustomContainer card) =>
        card.Arguments + " " + string.Join(' ', card.Descendants<LiteralInline>().Select(l => l.Content.ToString()));

    private static bool SendsTo999(string text) =>
        Emergency().IsMatch(text);

    private static bool SendsTo111(string text) =>
        Urgent().IsMatch(text);

    [GeneratedRegex(@"\b999\b|\bA&E\b|\bA and E\b|accident and emergency", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Emergency();

    [GeneratedRegex(@"\b111\b|\bGP\b", RegexOptions.CultureInvariant)]
    private static partial Regex Urgent();

    /// <summary>Instructions from the new-article template left in the text. One went live inside the
    /// 999 card once, with every check passing.</summary>
    private static void CheckPlaceholders(MarkdownDocument document, string file, List<ContentFinding> findings)
    {
        foreach (var block in document.Descendants<LeafBlock>())
        {
            var text = ArticleParser.InlineText(block.Inline);
            if (text.Length == 0)
            {
                continue;
            }

            foreach (var phrase in ContentRules.PlaceholderPhrases.Where(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add(new ContentFinding(ContentRules.Placeholder, file, block.Line + 1,
                    $"'{phrase}' is an instruction from the new-article template: replace it with your own words."));
            }
        }
    }

    /// <summary>Bullets pasted from a word processor are not Markdown: the lines run together into one
    /// paragraph. Each line that has one is named.</summary>
    private static void CheckPastedBullets(string text, int bodyFirstLine, string file, List<ContentFinding> findings)
    {
        var lines = text.Split('\n');
        for (var i = bodyFirstLine - 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (line.Length > 0 && PastedBullets.Contains(line[0]))
            {
                findings.Add(new ContentFinding(ContentRules.PastedBullet, file, i + 1,
                    $"This line starts with a pasted bullet '{line[0]}', which shows as plain text run into the lines around it. Start each list item with '- ' (a dash and a space) instead."));
            }
        }
    }

    /// <summary>Bullet characters word processors paste: none is a Markdown list marker.</summary>
    private static readonly SearchValues<char> PastedBullets = SearchValues.Create("•◦▪▫●○■□‣⁃∙·");

    private static void CheckReviewDates(Article article, string file, DateOnly today, List<ContentFinding> findings)
    {
        if (article.AwaitingFirstReview)
        {
            // A warning, not an error: the article is published, saying on its page that no clinician
            // has checked it yet, until a reviewer signs it off.
            findings.Add(new ContentFinding(ContentRules.AwaitingFirstReview, file, null, AwaitingFirstReviewMessage));
            return;
        }

        if (article.Kind != ArticleKind.Condition || article.NextReviewDue is not { } due)
        {
            return;
        }

        if (due < today)
        {
            findings.Add(new ContentFinding(ContentRules.ReviewOverdue, file, null,
                $"The review was due on {due:d MMMM yyyy}: a reviewer should check the article and sign it off as a full review."));
        }
        else if (due <= today.AddDays(ReviewSoonDays))
        {
            findings.Add(new ContentFinding(ContentRules.ReviewDueSoon, file, null,
                $"The review is due on {due:d MMMM yyyy}, within {ReviewSoonDays} days."));
        }
    }

}
