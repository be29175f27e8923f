using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.CustomContainers;
using Markdig.Renderers;

namespace FacetEducation.Web.Content.Markdown;

/// <summary>
/// The one Markdig pipeline of the site, built once and shared: a pipeline is immutable and
/// thread-safe, and the public pages and (later) the editor's preview must render the same way.
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
        .Use<ClinicBlocksExtension>()
        // Raw HTML is written out as text: a <script> or onerror= in a file never reaches a page.
        // GenericAttributes (part of UseAdvancedExtensions) stays off for the same reason.
        .DisableHtml()
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
        }
    }
}
