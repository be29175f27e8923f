using Markdig.Extensions.CustomContainers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace FacetEducation.Web.Content.Markdown;

/// <summary>
/// Renders <c>::: info|non-urgent|urgent|immediate Heading</c> as an NHS-style care card and <c>::: faq</c>
/// as a list of <c>details</c>/<c>summary</c> expanders, which open and close without JavaScript and
/// are announced as buttons by screen readers. Anything else falls back to a plain <c>div</c>; the
/// loader reports unknown container names as content errors before that can reach a page.
/// </summary>
internal sealed class ClinicContainerRenderer : HtmlObjectRenderer<CustomContainer>
{
    /// <summary>Data key set by the loader: the heading level a care card's heading should use so
    /// that it nests under the section it sits in.</summary>
    public const string HeadingLevelKey = "clinic-heading-level";

    protected override void Write(HtmlRenderer renderer, CustomContainer obj)
    {
        renderer.EnsureLine();
        if (!renderer.EnableHtmlForBlock)
        {
            WritePlainText(renderer, obj);
        }
        else if (CareCards.TryParse(obj.Info, out var level))
        {
            WriteCareCard(renderer, obj, level);
        }
        else if (string.Equals(obj.Info, CareCards.FaqInfo, StringComparison.OrdinalIgnoreCase))
        {
            WriteFaq(renderer, obj);
        }
        else
        {
            renderer.Write("<div>");
            renderer.WriteChildren(obj);
            renderer.WriteLine("</div>");
        }
    }

    /// <summary>Plain text (search, reading age, JSON-LD): the card's label and heading, or each
    /// question, on a line of its own, then the content; no markup.</summary>
    private static void WritePlainText(HtmlRenderer renderer, CustomContainer container)
    {
        if (CareCards.TryParse(container.Info, out var level))
        {
            renderer.Write(level.Label()).Write(": ").Write(container.Arguments?.Trim() ?? string.Empty).WriteLine();
        }

        foreach (var block in container)
        {
            if (block is HeadingBlock question)
            {
                renderer.WriteLeafInline(question);
                renderer.WriteLine();
            }
            else
            {
                renderer.Write(block);
            }
        }
    }

    private static void WriteCareCard(HtmlRenderer renderer, CustomContainer card, CareCardLevel level)
    {
        var headingLevel = card.GetData(HeadingLevelKey) as int? ?? 3;
        var modifier = level.CssModifier();
        renderer.Write("<div class=\"care-card care-card--").Write(modifier).WriteLine("\">");
        renderer.Write("<h").Write(headingLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)).Write(" class=\"care-card__heading\">");
        renderer.Write("<span class=\"care-card__label\">").Write(level.Label()).Write(":</span> ");
        renderer.WriteEscape(card.Arguments?.Trim() ?? string.Empty);
        renderer.Write("</h").Write(headingLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)).WriteLine(">");
        renderer.WriteLine("<div class=\"care-card__content\">");
        renderer.WriteChildren(card);
        renderer.WriteLine("</div>");
        renderer.WriteLine("</div>");
    }

    private static void WriteFaq(HtmlRenderer renderer, CustomContainer faq)
    {
        renderer.WriteLine("<div class=\"faq\">");
        var open = false;
        foreach (var block in faq)
        {
            if (block is HeadingBlock question)
            {
                if (open)
                {
                    renderer.WriteLine("</div></details>");
                }

                renderer.Write("<details class=\"faq__item\"><summary class=\"faq__question\">");
                renderer.WriteLeafInline(question);
                renderer.WriteLine("</summary><div class=\"faq__answer\">");
                open = true;
            }
            else if (open)
            {
                renderer.Write(block);
            }
        }

        if (open)
        {
            renderer.WriteLine("</div></details>");
        }

        renderer.WriteLine("</div>");
    }
}
