using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FacetEducation.Web.Content;
using FacetEducation.Web.Pages.Shared;

namespace FacetEducation.Web.Seo;

/// <summary>
/// schema.org structured data for search engines: a <c>MedicalWebPage</c> that names its reviewer and
/// review date, the breadcrumb trail, and the FAQ. System.Text.Json escapes <c>&lt;</c>, so a title
/// containing <c>&lt;/script&gt;</c> cannot end the script block early.
/// </summary>
public static class JsonLd
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>The page's own data; it names a review only when the page shows one (<paramref name="review"/>).</summary>
    public static string MedicalWebPage(Article article, ClinicProfile clinic, string url, ReviewLine review)
    {
        var page = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "MedicalWebPage",
            ["name"] = article.Title,
            ["description"] = article.Summary,
            ["url"] = url,
            ["inLanguage"] = "en-GB",
            ["audience"] = new JsonObject { ["@type"] = "PeopleAudience", ["audienceType"] = "Patient" },
            ["publisher"] = new JsonObject { ["@type"] = "MedicalClinic", ["name"] = clinic.Name },
        };
        if (review is { Kind: ReviewLineKind.Reviewed, LastReviewed: { } reviewed, Reviewer: { } reviewer })
        {
            page["lastReviewed"] = reviewed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            page["reviewedBy"] = new JsonObject { ["@type"] = "Person", ["name"] = reviewer.Name };
        }

        if (article.Condition is { } condition)
        {
            page["about"] = new JsonObject { ["@type"] = "MedicalCondition", ["name"] = condition };
        }

        if (article.Regions.Count > 0)
        {
            page["specialty"] = "https://schema.org/Musculoskeletal";
        }

        return page.ToJsonString(Options);
    }

    public static string Breadcrumbs(IEnumerable<(string Name, string Url)> trail)
    {
        var items = new JsonArray();
        var position = 1;
        foreach (var (name, url) in trail)
        {
            items.Add(new JsonObject
            {
                ["@type"] = "ListItem",
                ["position"] = position++,
                ["name"] = name,
                ["item"] = url,
            });
        }

        return new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "BreadcrumbList",
            ["itemListElement"] = items,
        }.ToJsonString(Options);
    }

    public static string FaqPage(IEnumerable<FaqEntry> faq)
    {
        var questions = new JsonArray();
        foreach (var entry in faq)
        {
            questions.Add(new JsonObject
            {
                ["@type"] = "Question",
                ["name"] = entry.Question,
                ["acceptedAnswer"] = new JsonObject { ["@type"] = "Answer", ["text"] = entry.AnswerText },
            });
        }

        return new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "FAQPage",
            ["mainEntity"] = questions,
        }.ToJsonString(Options);
    }
}
