using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.CustomContainers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FacetEducation.Web.Content.Markdown;

/// <summary>
/// The one Markdig pipeline of the site, built once and shared: a pipeline is immutable and
/// thread-safe, and the public pages, the editor's preview and <c>check-content</c> all parse with it,
/// so they render and report a file the same way.
/// </summary>
public static class ClinicMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        // GitHub-style ids ("when-to-get-help") are stable across edits to other headings.
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseCustomContainers()
        .UseListExtras()
        .UseEmphasisExtras()
        // Raw HTML is parsed (so the loader can point at it) but never rendered: a <script> or
        // onerror= in a file never reaches a page. GenericAttributes (part of
        // UseAdvancedExtensions) stays off for the same reason: it would let Markdown set onclick.
        .Use<ClinicBlocksExtension>()
        .Build();
}

/// <summary>Swaps Markdig's plain <c>div</c> container renderer for care cards and FAQ expanders.</summary>
internal sealed class ClinicBlocksExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.ReplaceOrAdd<HtmlCustomContainerRenderer>(new ClinicContainerRenderer());
            html.ObjectRenderers.ReplaceOrAdd<HtmlBlockRenderer>(new DropHtmlBlockRenderer());
            html.ObjectRenderers.ReplaceOrAdd<HtmlInlineRenderer>(new DropHtmlInlineRenderer());
        }
    }
}

/// <summary>Writes nothing for a raw HTML block.</summary>
internal sealed class DropHtmlBlockRenderer : HtmlObjectRenderer<HtmlBlock>
{
    protected override void Write(HtmlRenderer renderer, HtmlBlock obj)
    {
    }
}

/// <summary>Writes nothing for raw inline HTML.</summary>
internal sealed class DropHtmlInlineRenderer : HtmlObjectRenderer<HtmlInline>
{
    protected override void Write(HtmlRenderer renderer, HtmlInline obj)
    {
    }
}
