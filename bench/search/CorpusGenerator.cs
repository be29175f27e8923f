using System.Globalization;
using System.Text;
using FacetEducation.Web.Content;

namespace FacetEducation.Bench;

/// <summary>
/// Writes a deterministic corpus of realistic articles: condition guides and blog posts with the
/// front matter, headings, lists, care cards and FAQ blocks the real ones use, in the plain words
/// a physiotherapist writes for patients. Each file is then loaded with the site's own parser.
/// </summary>
internal sealed class CorpusGenerator(int seed)
{
    private static readonly string[] Regions = ["cervical", "thoracic", "lumbar"];
    private static readonly string[] Places = ["neck", "upper back", "lower back", "shoulder blade", "hip", "buttock", "rib cage", "tailbone"];
    private static readonly string[] Structures = ["facet joint", "disc", "nerve root", "ligament", "muscle", "tendon", "vertebra", "joint capsule", "spinal cord", "sacroiliac joint"];
    private static readonly string[] Problems = ["strain", "sprain", "irritation", "stiffness", "spasm", "inflammation", "instability", "weakness", "sensitivity", "overload"];
    private static readonly string[] Movements = ["leaning back", "bending forwards", "twisting", "turning your head", "lifting", "reaching overhead", "sitting for long spells", "standing still", "walking downhill", "getting out of bed", "driving", "looking down at a phone"];
    private static readonly string[] Feelings = ["a dull ache", "a sharp catch", "stiffness first thing in the morning", "pins and needles", "a deep soreness", "pain that spreads into the leg", "pain that spreads into the arm", "a tight band", "tenderness to touch", "a clicking feeling"];
    private static readonly string[] Helps = ["gentle walking", "heat on the sore area", "short breaks from sitting", "strength exercises", "stretching little and often", "pacing your activity", "a graded return to sport", "simple painkillers for a short time", "sleeping in a supported position", "breathing exercises"];
    private static readonly string[] Openers = ["Most people", "Many patients", "Some people", "Office workers", "Gardeners", "Runners", "Older adults", "Parents of young children", "People who drive for work", "Builders"];
    private static readonly string[] Verbs = ["notice", "describe", "feel", "report", "tend to get", "often mention", "sometimes have", "may find"];
    private static readonly string[] Outcomes = ["settles within a few weeks", "eases with regular movement", "improves as strength returns", "comes and goes with activity", "calms down once the load is reduced", "gets better without a scan or an operation"];
    private static readonly string[] HeadingStarts = ["What is", "What causes", "How does it feel:", "What helps with", "When to worry about", "Exercises for", "Living with", "Myths about", "Recovering from", "Preventing"];

    private readonly Random _random = new(seed);

    // Each article keeps to its own topic, as real ones do: a few movements, feelings and helps
    // chosen for it, drawn on again and again, rather than the whole vocabulary in every file.
    private string[] _movements = [];
    private string[] _feelings = [];
    private string[] _helps = [];
    private string[] _structures = [];

    /// <summary>The file name (relative to content/) and text of article <paramref name="number"/>.</summary>
    public (ArticleKind Kind, string RelativePath, string Text) Next(int number)
    {
        var kind = number % 5 < 3 ? ArticleKind.Condition : ArticleKind.Post;
        var place = Pick(Places);
        var structure = Pick(Structures);
        var problem = Pick(Problems);
        _movements = Subset(Movements, 3);
        _feelings = Subset(Feelings, 3);
        _helps = Subset(Helps, 3);
        _structures = [structure, .. Subset(Structures, 2)];
        var title = kind == ArticleKind.Condition
            ? Capitalise($"{structure} {problem} in the {place}")
            : Capitalise($"{Pick(Helps)} for {place} {problem}: what the evidence says");
        var slug = $"{Slugify(title)}-{number}";
        var text = new StringBuilder();
        text.AppendLine("---");
        text.AppendLine(CultureInfo.InvariantCulture, $"title: \"{title}\"");
        text.AppendLine(CultureInfo.InvariantCulture, $"summary: \"{Sentence(place, structure, problem)} {Sentence(place, structure, problem)}\"");
        text.AppendLine(CultureInfo.InvariantCulture, $"slug: {slug}");
        text.AppendLine("author: Chris Heywood");
        if (kind == ArticleKind.Condition)
        {
            var regions = Regions.Where(_ => _random.Next(2) == 0).DefaultIfEmpty(Pick(Regions)).Distinct();
            text.AppendLine(CultureInfo.InvariantCulture, $"regions: [{string.Join(", ", regions)}]");
            text.AppendLine("reviewer:\n  name: Chris Heywood\nlastReviewed: 2026-01-10\nnextReviewDue: 2029-01-10");
        }
        else
        {
            // A few posts are scheduled for the future, so the benchmark pays for the date filter too.
            var date = number % 50 == 1 ? new DateOnly(2099, 1, 1) : new DateOnly(2025, 1, 1).AddDays(number % 600);
            text.AppendLine(CultureInfo.InvariantCulture, $"published: {date:yyyy-MM-dd}");
        }

        if (number % 40 == 7)
        {
            text.AppendLine("draft: true");
        }

        text.AppendLine("---");
        text.AppendLine();
        Paragraph(text, place, structure, problem, 4);

        var sections = 5 + _random.Next(4);
        for (var s = 0; s < sections; s++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {Pick(HeadingStarts)} {Pick(_structures)} {Pick(Problems)}");
            text.AppendLine();
            Paragraph(text, place, structure, problem, 3 + _random.Next(4));
            if (_random.Next(2) == 0)
            {
                text.AppendLine("It is often worse with:");
                text.AppendLine();
                foreach (var movement in Enumerable.Range(0, 3 + _random.Next(3)).Select(_ => Pick(_movements)).Distinct())
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"- {movement}");
                }

                text.AppendLine();
            }

            if (_random.Next(3) == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"### {Capitalise(Pick(_helps))}");
                text.AppendLine();
                Paragraph(text, place, structure, problem, 2 + _random.Next(3));
            }
        }

        text.AppendLine("::: immediate Call 999 or go to A&E now if:");
        text.AppendLine("- you cannot control when you pee or poo");
        text.AppendLine("- you have numbness around your bottom or genitals");
        text.AppendLine(":::");
        text.AppendLine();
        text.AppendLine("::: faq");
        for (var q = 0; q < 3; q++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"### Is {Pick(_feelings)} in the {place} serious?");
            Paragraph(text, place, structure, problem, 2);
        }

        text.AppendLine(":::");
        var folder = kind == ArticleKind.Condition ? "conditions" : "blog";
        return (kind, $"{folder}/{slug}.md", text.ToString());
    }

    private void Paragraph(StringBuilder text, string place, string structure, string problem, int sentences)
    {
        for (var i = 0; i < sentences; i++)
        {
            text.Append(Sentence(place, structure, problem)).Append(i % 2 == 1 ? '\n' : ' ');
        }

        text.AppendLine().AppendLine();
    }

    private string Sentence(string place, string structure, string problem) => _random.Next(5) switch
    {
        0 => $"{Pick(Openers)} with {structure} {problem} {Pick(Verbs)} {Pick(_feelings)} in the {place}.",
        1 => $"It is usually worse when {Pick(_movements)}, and it {Pick(Outcomes)}.",
        2 => $"{Capitalise(Pick(_helps))} and {Pick(_helps)} are often the most useful things to try.",
        3 => $"A {Pick(_structures)} can become sore after {Pick(_movements)}, but this {Pick(Outcomes)}.",
        _ => $"Your physiotherapist will ask about {Pick(_feelings)} and check how your {place} moves when {Pick(_movements)}.",
    };

    private string Pick(string[] words) => words[_random.Next(words.Length)];

    private string[] Subset(string[] words, int count) => [.. words.OrderBy(_ => _random.Next()).Take(count)];

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Slugify(string title) =>
        string.Join('-', title.ToLowerInvariant().Split((char[])[' ', ':', ','], StringSplitOptions.RemoveEmptyEntries).Take(6));
}
