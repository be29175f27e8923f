using System.Text.RegularExpressions;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Content.Markdown;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Yaml;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FacetEducation.Web.Content;

/// <summary>
/// Turns one Markdown file into an <see cref="Article"/> or a list of errors. It checks what it can
/// see in the file alone; links to other articles are checked later, when the whole set is known.
/// </summary>
public static partial class ArticleParser
{
    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    public static partial Regex SlugPattern();

    [GeneratedRegex("^/images/[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ImagePathPattern();

    /// <summary>What one parse of a file gives: the article when the parser found no error, every
    /// finding of the parser's rules, and what the rest of the rule book needs from the same parse
    /// (<see cref="Checks.ContentChecks"/>): the Markdown document, every internal link (even when
    /// there are errors, so broken links are listed with the rest) and the plain text.</summary>
    public sealed record Result(Article? Article, IReadOnlyList<ContentFinding> Findings)
    {
        /// <summary>The body as HTML even when there are errors (for the editor's preview); null
        /// when the file could not be read as far as its body.</summary>
        public string? Html { get; init; }

        /// <summary>The parsed Markdown, for the rules that look at the body; null when it could not be parsed.</summary>
        public MarkdownDocument? Document { get; init; }

        /// <summary>The front matter as read; null when it is missing or not valid.</summary>
        public FrontMatter? FrontMatter { get; init; }

        public IReadOnlyList<InternalLink> Links { get; init; } = [];

        /// <summary>The body as plain text (empty when it could not be parsed).</summary>
        public string PlainText { get; init; } = string.Empty;

        /// <summary>The findings that block publishing, as the content store logs them.</summary>
        public IReadOnlyList<ContentError> Errors =>
            [.. Findings.Where(f => f.Level == FindingLevel.Error).Select(f => f.ToError())];
    }

    /// <summary>Parses <paramref name="text"/>, the whole file; <paramref name="relativePath"/> names it in
    /// findings and <paramref name="imageExists"/> says whether <c>/images/{name}</c> exists.</summary>
    public static Result Parse(ArticleKind kind, string relativePath, string text, DateTimeOffset lastModified,
        Func<string, bool> imageExists)
    {
        var findings = new List<ContentFinding>();
        void Error(ContentRule rule, int? line, string message) => findings.Add(new ContentFinding(rule, relativePath, line, message));

        MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(text, ClinicMarkdown.Pipeline);
        }
        catch (ArgumentException ex) when (ex.Message.Contains("nested", StringComparison.OrdinalIgnoreCase))
        {
            // Markdig's own depth limit: refuse the file rather than risk the stack.
            Error(ContentRules.NestedTooDeep, null, "The text is nested too deeply (lists or quotes inside each other many times over). Flatten it.");
            return new Result(null, findings);
        }

        var frontMatterBlock = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (frontMatterBlock is null)
        {
            Error(ContentRules.FrontMatterMissing, 1, "The file must start with front matter: a line '---', the settings (title, summary, ...), then another '---'.");
            return new Result(null, findings) { Document = document, PlainText = PlainText(document) };
        }

        // The YAML starts on the line after the opening '---' (Markdig counts lines from 0).
        var yamlRead = ContentYaml.ReadFrontMatter(frontMatterBlock.Lines.ToString(), frontMatterBlock.Line + 2);
        if (yamlRead.FrontMatter is not { } frontMatter)
        {
            findings.Add(new ContentFinding(ContentRules.FrontMatterInvalid, relativePath, yamlRead.Problem!.Line, yamlRead.Problem.Message)
            {
                Column = yamlRead.Problem.Column,
            });
            return new Result(null, findings) { Document = document, PlainText = PlainText(document) };
        }

        var fileSlug = Path.GetFileNameWithoutExtension(relativePath);
        var slug = string.IsNullOrWhiteSpace(frontMatter.Slug) ? fileSlug : frontMatter.Slug.Trim();
        if (!SlugPattern().IsMatch(slug))
        {
            Error(ContentRules.Slug, 1, $"The slug '{slug}' may use only lower-case letters, numbers and single hyphens (for example 'facet-joint-pain').");
        }

        CheckFrontMatter(kind, frontMatter, Error, out var regions, out var sources);
        PlaceOnKeyLines(findings, frontMatterBlock);

        var (contents, faq, links) = WalkBody(document, imageExists, Error);

        AssignCardHeadingLevels(document);
        var html = RenderHtml(document);

        var plainText = PlainText(document);
        if (findings.Any(f => f.Level == FindingLevel.Error))
        {
            return new Result(null, findings) { Html = html, Document = document, FrontMatter = frontMatter, Links = links, PlainText = plainText };
        }

        var article = new Article
        {
            Kind = kind,
            Slug = slug,
            Title = frontMatter.Title!.Trim(),
            Summary = frontMatter.Summary!.Trim(),
            Regions = regions,
            Condition = frontMatter.Condition?.Trim(),
            Author = frontMatter.Author?.Trim(),
            Reviewer = frontMatter.Reviewer?.Name is { } name
                ? new Reviewer(name.Trim(), frontMatter.Reviewer.Registration?.Trim())
                : null,
            LastReviewed = frontMatter.LastReviewed,
            NextReviewDue = frontMatter.NextReviewDue,
            Published = frontMatter.Published,
            Draft = frontMatter.Draft,
            Featured = frontMatter.Featured,
            Related = [.. (frontMatter.Related ?? []).Select(r => r.Trim())],
            Sources = sources,
            Html = html,
            Contents = contents,
            Faq = faq,
            PlainText = plainText,
            Links = links,
            SourcePath = relativePath,
            LastModified = lastModified,
        };
        return new Result(article, findings) { Html = html, Document = document, FrontMatter = frontMatter, Links = links, PlainText = plainText };
    }

    /// <summary>Gives each front-matter finding the line of its setting in the file (the setting's name
    /// is its field's name), or the first line when the setting is missing.</summary>
    private static void PlaceOnKeyLines(List<ContentFinding> findings, YamlFrontMatterBlock block)
    {
        var keyLines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var line = block.Lines.Lines[i].Slice.ToString();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && char.IsAsciiLetter(line[0]))
            {
                keyLines.TryAdd(line[..colon].Trim(), block.Line + 2 + i);
            }
        }

        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i] is { Line: null, Rule.Field: not (ContentField.Body or ContentField.General) } finding)
            {
                findings[i] = finding with { Line = keyLines.GetValueOrDefault(finding.Rule.Field.EditorName(), 1) };
            }
        }
    }

    private static void CheckFrontMatter(ArticleKind kind, FrontMatter fm, Action<ContentRule, int?, string> error,
        out List<BodyRegion> regions, out List<Source> sources)
    {
        if (string.IsNullOrWhiteSpace(fm.Title))
        {
            error(ContentRules.TitleRequired, null, "'title' is required.");
        }

        if (string.IsNullOrWhiteSpace(fm.Summary))
        {
            error(ContentRules.SummaryRequired, null, "'summary' is required: one or two sentences shown under the title and to search engines.");
        }

        regions = [];
        foreach (var value in fm.Regions ?? [])
        {
            if (BodyRegionExtensions.TryParse(value, out var region))
            {
                if (!regions.Contains(region))
                {
                    regions.Add(region);
                }
            }
            else
            {
                error(ContentRules.Regions, null, $"Unknown region '{value}': use cervical, thoracic or lumbar.");
            }
        }

        if (kind == ArticleKind.Condition)
        {
            if (regions.Count == 0)
            {
                error(ContentRules.Regions, null, "'regions' is required for a condition article: any of cervical, thoracic, lumbar.");
            }

            // An article with none of the review settings is awaiting its first review: it is
            // published, and its page says no clinician has checked it yet. Once one setting is
            // there, a review is being claimed, so all three must be.
            var claimsReview = fm.Reviewer is not null || fm.LastReviewed is not null || fm.NextReviewDue is not null;
            if (claimsReview && string.IsNullOrWhiteSpace(fm.Reviewer?.Name))
            {
                error(ContentRules.ReviewerRequired, null, "'reviewer' with a 'name' is required for a condition article with review dates. An article awaiting its first review has no reviewer, lastReviewed or nextReviewDue.");
            }

            if (claimsReview && fm.LastReviewed is null)
            {
                error(ContentRules.LastReviewedRequired, null, "'lastReviewed' (YYYY-MM-DD) is required for a condition article that names a reviewer or a next review date.");
            }

            if (claimsReview && fm.NextReviewDue is null)
            {
                error(ContentRules.NextReviewDue, null, "'nextReviewDue' (YYYY-MM-DD) is required for a condition article that names a reviewer or a last review date.");
            }
            else if (fm.LastReviewed is { } last && fm.NextReviewDue <= last)
            {
                error(ContentRules.NextReviewDue, null, "'nextReviewDue' must be after 'lastReviewed'.");
            }
        }

        if (kind == ArticleKind.Post && fm.Published is null)
        {
            error(ContentRules.PublishedRequired, null, "'published' (YYYY-MM-DD) is required for a blog post.");
        }

        foreach (var related in fm.Related ?? [])
        {
            if (!SlugPattern().IsMatch(related.Trim()))
            {
                error(ContentRules.Related, null, $"'related' entry '{related}' is not a slug.");
            }
        }

        sources = [];
        foreach (var source in fm.Sources ?? [])
        {
            if (string.IsNullOrWhiteSpace(source.Title))
            {
                error(ContentRules.Sources, null, "Each source needs a 'title'.");
                continue;
            }

            Uri? url = null;
            if (source.Url is not null
                && (!Uri.TryCreate(source.Url, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            {
                error(ContentRules.Sources, null, $"Source '{source.Title}' has a 'url' that is not an http(s) address.");
                continue;
            }

            sources.Add(new Source(source.Title.Trim(), source.Publisher?.Trim(), source.Year, url));
        }
    }

    private static (List<ContentsEntry>, List<FaqEntry>, List<InternalLink>) WalkBody(
        MarkdownDocument document, Func<string, bool> imageExists, Action<ContentRule, int?, string> error)
    {
        var contents = new List<ContentsEntry>();
        var faq = new List<FaqEntry>();
        var links = new List<InternalLink>();

        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    if (heading.Level == 1)
                    {
                        error(ContentRules.HeadingTitle, heading.Line + 1, "Use '##' for sections: the page title comes from 'title', so a '#' heading would be a second title.");
                    }
                    else if (heading.Level == 2)
                    {
                        contents.Add(new ContentsEntry(heading.GetAttributes().Id ?? string.Empty, InlineText(heading.Inline)));
                    }

                    break;
                case CustomContainer container when CareCards.TryParse(container.Info, out var level):
                    if (string.IsNullOrWhiteSpace(container.Arguments))
                    {
                        error(ContentRules.CareCardBlocks, container.Line + 1, $"The '{container.Info}' care card needs a heading after its name, for example '::: {level.CssModifier()} {level.ExampleHeading()}'.");
                    }

                    break;
                case CustomContainer container when string.Equals(container.Info, CareCards.FaqInfo, StringComparison.OrdinalIgnoreCase):
                    ReadFaq(container, faq, error);
                    break;
                case CustomContainer container:
                    error(ContentRules.CareCardBlocks, container.Line + 1, $"Unknown block '::: {container.Info}': use info, non-urgent, urgent or faq.");
                    break;
                default:
                    break;
            }
        }

        foreach (var container in document.Descendants<CustomContainer>().Where(c => c.Parent is not MarkdownDocument))
        {
            error(ContentRules.CareCardBlocks, container.Line + 1, "Care cards and FAQ blocks cannot be put inside another block.");
        }

        foreach (var link in document.Descendants<LinkInline>())
        {
            CheckLink(link, imageExists, links, error);
        }

        // Raw HTML is never rendered; say so, rather than let text silently vanish. Comments are the
        // one harmless use (notes to the next editor), so they pass.
        foreach (var html in document.Descendants<HtmlBlock>().Where(b => b.Type != HtmlBlockType.Comment))
        {
            error(ContentRules.Html, html.Line + 1, "HTML is not allowed in articles: write it in Markdown instead (see content/README.md).");
        }

        foreach (var html in document.Descendants<HtmlInline>().Where(h => !h.Tag.StartsWith("<!--", StringComparison.Ordinal)))
        {
            error(ContentRules.Html, html.Line + 1, $"HTML is not allowed in articles ('{Shorten(html.Tag)}'): write it in Markdown instead.");
        }

        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsAllowedExternal(autolink.Url))
            {
                error(ContentRules.LinkAddress, autolink.Line + 1, $"Link '{autolink.Url}' is not allowed: links must start with https://, mailto:, tel: or '/'.");
            }
        }

        return (contents, faq, links);
    }

    private static void ReadFaq(CustomContainer container, List<FaqEntry> faq, Action<ContentRule, int?, string> error)
    {
        string? question = null;
        var answer = new List<Block>();
        void Flush()
        {
            if (question is null)
            {
                return;
            }

            if (answer.Count == 0)
            {
                error(ContentRules.FaqEntry, container.Line + 1, $"The FAQ question '{question}' has no answer under it.");
            }
            else
            {
                faq.Add(new FaqEntry(question, string.Join(" ", answer.Select(BlockText))));
            }
        }

        foreach (var block in container)
        {
            if (block is HeadingBlock heading)
            {
                Flush();
                question = InlineText(heading.Inline);
                answer.Clear();
            }
            else if (question is null)
            {
                error(ContentRules.FaqEntry, block.Line + 1, "An FAQ block must start with a question written as a '###' heading.");
                return;
            }
            else
            {
                answer.Add(block);
            }
        }

        Flush();
        if (question is null)
        {
            error(ContentRules.FaqEntry, container.Line + 1, "The FAQ block has no questions: write each one as a '###' heading.");
        }
    }

    private static void CheckLink(LinkInline link, Func<string, bool> imageExists, List<InternalLink> links,
        Action<ContentRule, int?, string> error)
    {
        var url = link.Url?.Trim() ?? string.Empty;
        var line = link.Line + 1;
        if (link.IsImage)
        {
            if (string.IsNullOrWhiteSpace(InlineText(link)))
            {
                error(ContentRules.Picture, line, $"The picture '{url}' has no description: write one between the square brackets, ![like this]({url}).");
            }

            if (!ImagePathPattern().IsMatch(url))
            {
                error(ContentRules.Picture, line, $"The picture '{url}' must be a file in content/images, written as /images/name.png.");
            }
            else if (!imageExists(url["/images/".Length..]))
            {
                error(ContentRules.Picture, line, $"The picture '{url}' does not exist in content/images.");
            }

            return;
        }

        if (url.Length == 0)
        {
            error(ContentRules.LinkAddress, line, "A link has no address.");
        }
        else if (url.StartsWith('#'))
        {
            // A link within the page.
        }
        else if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal))
        {
            var path = url.Split('#', '?')[0].TrimEnd('/');
            links.Add(new InternalLink(path.Length == 0 ? "/" : path, line));
        }
        else if (!IsAllowedExternal(url))
        {
            error(ContentRules.LinkAddress, line, $"Link '{url}' is not allowed: links must start with https://, mailto:, tel: or '/'.");
        }
    }

    private static bool IsSafeHref(string url)
    {
        var trimmed = url.Trim();
        return trimmed.StartsWith('/') || trimmed.StartsWith('#') || IsAllowedExternal(trimmed)
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out _) && !trimmed.Contains(':', StringComparison.Ordinal);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static bool IsAllowedExternal(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp
            || uri.Scheme == Uri.UriSchemeMailto || uri.Scheme == "tel");

    /// <summary>A care card's heading sits one level below the section it is in (an <c>h3</c> under an
    /// <c>h2</c>), so the page's outline stays unbroken for screen readers.</summary>
    private static void AssignCardHeadingLevels(MarkdownDocument document)
    {
        var lastHeadingLevel = 1;
        foreach (var block in document)
        {
            if (block is HeadingBlock heading)
            {
                lastHeadingLevel = heading.Level;
            }
            else if (block is CustomContainer container && CareCards.TryParse(container.Info, out _))
            {
                container.SetData(ClinicContainerRenderer.HeadingLevelKey, Math.Clamp(lastHeadingLevel + 1, 2, 6));
            }
        }
    }

    private static string RenderHtml(MarkdownDocument document)
    {
        using var writer = new StringWriter();
        // A link the checks refuse (javascript:, data:) can still be rendered in the editor's preview
        // of a version with errors; it never gets an address that runs anything.
        var renderer = new HtmlRenderer(writer) { LinkRewriter = url => IsSafeHref(url) ? url : "#unsafe-link-removed" };
        ClinicMarkdown.Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The text of a block without markup, on one line, for JSON-LD answers.</summary>
    private static string BlockText(Block block) =>
        string.Join(' ', PlainText(block).Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Renders already-parsed Markdown as plain text (what Markdig's ToPlainText does, without
    /// parsing the file a second time).</summary>
    private static string PlainText(MarkdownObject markdown)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        ClinicMarkdown.Pipeline.Setup(renderer);
        renderer.Render(markdown);
        writer.Flush();
        return writer.ToString();
    }

    internal static string InlineText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                default:
                    break;
            }
        }

        return text.ToString().Trim();
    }
}
