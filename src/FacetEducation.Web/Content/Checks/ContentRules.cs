namespace FacetEducation.Web.Content.Checks;

/// <summary>How much a finding matters: an <see cref="Error"/> blocks publishing (the last good
/// version of the file stays live), a <see cref="Warning"/> is shown and the file is published, and
/// an <see cref="Info"/> is a note.</summary>
public enum FindingLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>The editor field a finding is shown beside.</summary>
public enum ContentField
{
    /// <summary>The file as a whole (it could not be read, say).</summary>
    General,
    FrontMatter,
    Title,
    Summary,
    Slug,
    Regions,
    Reviewer,
    LastReviewed,
    NextReviewDue,
    Published,
    Related,
    Sources,
    Body,
}

/// <summary>One content rule: a short stable name (printed by <c>check-content</c>, used by tests), its
/// severity and the field its findings belong to, and what it asks for, in a clinician's words.</summary>
public sealed record ContentRule(string Name, FindingLevel Level, ContentField Field, string Asks)
{
    public override string ToString() => Name;
}

/// <summary>
/// The rule book: every rule a content file is held to, with its severity and field as data. The
/// same rules, checked by <see cref="ContentChecks.Run"/>, decide what the watcher publishes, what an
/// editor save and a sign-off may publish, and what <c>check-content</c> reports; the content store
/// adds the two that need the whole site (<see cref="AddressTaken"/>, and <see cref="LinkBroken"/>
/// through <see cref="ContentChecks.BrokenLinks"/>).
/// </summary>
public static class ContentRules
{
    private const FindingLevel Blocks = FindingLevel.Error;

    public static readonly ContentRule FileUnreadable = new("file-unreadable", Blocks, ContentField.General,
        "The file can be read: it is there, not a link, and within the size limit.");

    public static readonly ContentRule NestedTooDeep = new("nested-too-deep", Blocks, ContentField.Body,
        "Lists and quotes are not nested inside each other many times over.");

    public static readonly ContentRule FrontMatterMissing = new("front-matter-missing", Blocks, ContentField.FrontMatter,
        "The file starts with its settings between two '---' lines.");

    public static readonly ContentRule FrontMatterInvalid = new("front-matter-invalid", Blocks, ContentField.FrontMatter,
        "The settings are valid YAML with known names and values of the right kind.");

    public static readonly ContentRule Slug = new("slug", Blocks, ContentField.Slug,
        "The web address uses lower-case letters, numbers and single hyphens.");

    public static readonly ContentRule AddressTaken = new("address-taken", Blocks, ContentField.Slug,
        "No two files use the same web address.");

    public static readonly ContentRule TitleRequired = new("title-required", Blocks, ContentField.Title,
        "Every document has a title.");

    public static readonly ContentRule SummaryRequired = new("summary-required", Blocks, ContentField.Summary,
        "Every document has a summary.");

    public static readonly ContentRule Regions = new("regions", Blocks, ContentField.Regions,
        "A condition article names its regions (cervical, thoracic, lumbar), and only those.");

    public static readonly ContentRule ReviewerRequired = new("reviewer-required", Blocks, ContentField.Reviewer,
        "Review dates come with the reviewer's name.");

    public static readonly ContentRule LastReviewedRequired = new("last-reviewed-required", Blocks, ContentField.LastReviewed,
        "A named reviewer comes with the date of the review.");

    public static readonly ContentRule NextReviewDue = new("next-review-due", Blocks, ContentField.NextReviewDue,
        "A review comes with a next review date, after the last one.");

    public static readonly ContentRule PublishedRequired = new("published-required", Blocks, ContentField.Published,
        "A blog post has a publish date.");

    public static readonly ContentRule Related = new("related", Blocks, ContentField.Related,
        "Each related article is named by its slug.");

    public static readonly ContentRule Sources = new("sources", Blocks, ContentField.Sources,
        "Each source has a title, and its address (if any) is a web address.");

    public static readonly ContentRule HeadingTitle = new("heading-title", Blocks, ContentField.Body,
        "Sections start at '##': the title is the page's one '#' heading.");

    public static readonly ContentRule HeadingSkipsLevel = new("heading-skips-level", Blocks, ContentField.Body,
        "Headings go down one level at a time, so screen readers can follow the outline.");

    public static readonly ContentRule CareCardBlocks = new("blocks", Blocks, ContentField.Body,
        "Care cards and FAQ blocks are known kinds, have their heading, and are not put inside other blocks.");

    public static readonly ContentRule ImmediateCard = new("immediate-card", Blocks, ContentField.Body,
        "A condition article has an immediate card ('::: immediate') saying when to call 999 or go to A&E.");

    public static readonly ContentRule UrgentCard = new("urgent-card", Blocks, ContentField.Body,
        "A condition article has an urgent card ('::: urgent') saying when to call 111 or see a GP today.");

    public static readonly ContentRule Placeholder = new("placeholder", Blocks, ContentField.Body,
        "No instruction from the new-article template is left in the text.");

    public static readonly ContentRule FaqEntry = new("faq-entry", Blocks, ContentField.Body,
        "Each FAQ entry is a question written as a '###' heading with an answer under it.");

    public static readonly ContentRule FaqQuestionMark = new("faq-question-mark", Blocks, ContentField.Body,
        "Each FAQ heading ends with a question mark.");

    public static readonly ContentRule PastedBullet = new("pasted-bullet", Blocks, ContentField.Body,
        "List items start with '- ', not a bullet character pasted from a word processor.");

    public static readonly ContentRule Picture = new("picture", Blocks, ContentField.Body,
        "Each picture has a description and is a file in content/images.");

    public static readonly ContentRule LinkAddress = new("link-address", Blocks, ContentField.Body,
        "Each link has an address starting with https://, mailto:, tel: or '/'.");

    public static readonly ContentRule LinkBroken = new("link-broken", Blocks, ContentField.Body,
        "Each link to a page of the site leads to a published page.");

    public static readonly ContentRule Html = new("html", Blocks, ContentField.Body,
        "The text is Markdown, without HTML.");

    public static readonly ContentRule DataController = new("data-controller", FindingLevel.Warning, ContentField.Body,
        "The privacy notice names the company in clinic.yml, which is the data controller.");

    public static readonly ContentRule ReadingAgeTooHigh = new("reading-age-too-high", Blocks, ContentField.Body,
        "The reading age is not well above what most patients read comfortably.");

    public static readonly ContentRule ReadingAgeHigh = new("reading-age-high", FindingLevel.Warning, ContentField.Body,
        "The reading age is 11 or under.");

    public static readonly ContentRule HardSentence = new("hard-sentence", FindingLevel.Info, ContentField.Body,
        "Sentences of over 25 words, or with four or more long words, are pointed out to shorten.");

    public static readonly ContentRule AwaitingFirstReview = new("awaiting-first-review", FindingLevel.Warning, ContentField.Reviewer,
        "A condition article has been signed off by a clinician.");

    public static readonly ContentRule ReviewNotSignedOff = new("review-not-signed-off", FindingLevel.Warning, ContentField.Reviewer,
        "The reviewer and review dates are the ones a sign-off in this site's editor wrote.");

    public static readonly ContentRule ReviewOverdue = new("review-overdue", FindingLevel.Warning, ContentField.NextReviewDue,
        "The next review date has not passed.");

    public static readonly ContentRule ReviewDueSoon = new("review-due-soon", FindingLevel.Info, ContentField.NextReviewDue,
        "A review due within 30 days is noted.");

    public static readonly ContentRule ClinicProfile = new("clinic-profile", Blocks, ContentField.General,
        "clinic.yml is valid YAML with known settings, and its phone numbers, email, company details and opening hours are well formed.");

    public static readonly ContentRule SynonymGroups = new("synonym-groups", Blocks, ContentField.General,
        "synonyms.yml is a list of groups, each with at least two words or phrases.");

    /// <summary>Every rule, in the order <c>check-content --rules</c> lists them.</summary>
    public static IReadOnlyList<ContentRule> All { get; } =
    [
        FileUnreadable, NestedTooDeep, FrontMatterMissing, FrontMatterInvalid, Slug, AddressTaken, TitleRequired, SummaryRequired,
        Regions, ReviewerRequired, LastReviewedRequired, NextReviewDue, PublishedRequired, Related, Sources,
        HeadingTitle, HeadingSkipsLevel, CareCardBlocks, ImmediateCard, UrgentCard, Placeholder, FaqEntry, FaqQuestionMark,
        PastedBullet, Picture, LinkAddress, LinkBroken, Html, DataController, ReadingAgeTooHigh, ReadingAgeHigh, HardSentence,
        AwaitingFirstReview, ReviewNotSignedOff, ReviewOverdue, ReviewDueSoon, ClinicProfile, SynonymGroups,
    ];

    /// <summary>Instructions in the new-article templates (<c>Editor/Templates.cs</c>) that must be
    /// replaced before an article is published. Each is matched, ignoring case, inside a paragraph,
    /// list item or heading of the body.</summary>
    public static IReadOnlyList<string> PlaceholderPhrases { get; } =
    [
        "Start with two or three short sentences",
        "Explain the condition in everyday words",
        "Describe the usual causes",
        "Describe what the patient can do themselves",
        "Describe what treatment involves",
        "list the red-flag symptoms here",
        "list the symptoms that need help today here",
        "Answer the question here",
        "Start with a sentence or two that say what the post is about",
        "Write the post here",
        "Write the page here",
    ];

    /// <summary>The field's name in the editor's form (<c>lastReviewed</c>, <c>body</c>, ...).</summary>
    public static string EditorName(this ContentField field) => field switch
    {
        ContentField.General => "general",
        _ => char.ToLowerInvariant(field.ToString()[0]) + field.ToString()[1..],
    };
}
