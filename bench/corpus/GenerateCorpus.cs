// Writes a corpus of generated condition articles for the benchmarks, in the site's own format
// (front matter, sections, care cards, an FAQ, a table, links to shipped articles), so the site
// parses and renders them exactly as it does real content. Deterministic: same seed, same corpus.
//
// Usage: dotnet run bench/corpus/GenerateCorpus.cs -- <content-folder> [count=1000] [seed=42]
// The folder should already hold a copy of content/ (the generated articles link to it).

using System.Globalization;
using System.Text;

var folder = args.Length > 0 ? args[0] : throw new ArgumentException("Give the content folder to write into.");
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var random = new Random(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 42);

string[] parts = ["neck", "shoulder", "upper back", "mid back", "lower back", "hip", "rib", "jaw", "spine", "pelvis"];
string[] kinds = ["stiffness", "strain", "ache", "pain", "tension", "irritation", "sprain", "soreness", "tightness", "spasm"];
string[] qualities = ["morning", "desk", "driving", "lifting", "running", "sleeping", "gardening", "twisting", "bending", "reaching"];
string[] regions = ["cervical", "thoracic", "lumbar"];
string[] words = ("the joint muscle movement load rest walk gentle stretch posture sitting standing bend twist lean back " +
    "forwards pain stiff sore ease settle weeks days activity exercise strength habit sleep heat ice work " +
    "everyday simple steady slowly often usually most people body spine nerve disc tissue calm flare help " +
    "physiotherapist clinic advice plan small steps return normal life confidence").Split(' ');

string Sentence(int min, int max)
{
    var n = random.Next(min, max);
    var text = new StringBuilder();
    for (var i = 0; i < n; i++)
    {
        text.Append(i == 0 ? "" : " ").Append(words[random.Next(words.Length)]);
    }

    text[0] = char.ToUpperInvariant(text[0]);
    return text.Append('.').ToString();
}

string Paragraph() => string.Join(' ', Enumerable.Range(0, random.Next(3, 7)).Select(_ => Sentence(6, 14)));

var target = Path.Combine(folder, "conditions");
Directory.CreateDirectory(target);
for (var i = 1; i <= count; i++)
{
    var title = $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(qualities[random.Next(qualities.Length)])} {parts[random.Next(parts.Length)]} {kinds[random.Next(kinds.Length)]} {i}";
    var slug = $"generated-{i:0000}";
    var body = new StringBuilder();
    body.AppendLine("---");
    body.AppendLine(CultureInfo.InvariantCulture, $"title: {title}");
    body.AppendLine(CultureInfo.InvariantCulture, $"summary: {Sentence(10, 18)}");
    body.AppendLine(CultureInfo.InvariantCulture, $"regions: [{regions[random.Next(regions.Length)]}]");
    body.AppendLine("reviewer:\n  name: Chris Heywood");
    body.AppendLine("lastReviewed: 2026-06-01\nnextReviewDue: 2029-06-01");
    body.AppendLine("related: [facet-joint-pain]");
    body.AppendLine("---");
    foreach (var section in new[] { "What it is", "How it feels", "What causes it", "What helps" })
    {
        body.AppendLine(CultureInfo.InvariantCulture, $"## {section}\n");
        for (var p = 0; p < random.Next(2, 4); p++)
        {
            body.AppendLine(Paragraph()).AppendLine();
        }
    }

    body.AppendLine("See also [facet joint pain](/conditions/facet-joint-pain).\n");
    body.AppendLine("| Activity | Helps | Why |\n| --- | --- | --- |");
    for (var r = 0; r < 3; r++)
    {
        body.AppendLine(CultureInfo.InvariantCulture, $"| {words[random.Next(words.Length)]} | yes | {Sentence(3, 6)} |");
    }

    body.AppendLine("\n## When to get help\n");
    body.AppendLine("::: immediate Call 999 or go to A&E if:\n- you cannot control when you pee or poo\n- your legs feel weak or numb\n:::\n");
    body.AppendLine("::: urgent Ask for an urgent GP appointment or call 111 if:\n- the pain keeps getting worse\n:::\n");
    body.AppendLine("::: non-urgent See a GP or physiotherapist if:\n- the pain is not easing after 2 weeks\n:::\n");
    body.AppendLine("## Frequently asked questions\n\n::: faq");
    for (var q = 0; q < 4; q++)
    {
        body.AppendLine(CultureInfo.InvariantCulture, $"### {Sentence(4, 8).TrimEnd('.')}?\n{Paragraph()}\n");
    }

    body.AppendLine(":::");
    File.WriteAllText(Path.Combine(target, slug + ".md"), body.ToString());
}

Console.WriteLine($"Wrote {count} articles to {target}");
