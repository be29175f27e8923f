using System.Diagnostics;
using System.Globalization;
using FacetEducation.Bench;
using FacetEducation.Web.Content;
using FacetEducation.Web.Search;

// Search benchmark: generates a corpus, parses it with the site's ArticleParser, builds the FTS5
// index as the site does on a reload, and times the site's own query path over lay queries.
//   dotnet run -c Release --project bench/search -- [--articles 1000] [--rounds 50] [--write DIR]
var articles = Option("--articles", 1000);
var rounds = Option("--rounds", 50);
var writeTo = args.SkipWhile(a => a != "--write").Skip(1).FirstOrDefault();
var culture = CultureInfo.InvariantCulture;

string[] queries =
[
    "pain leaning backwards", "pain when I lean back", "stiff neck morning", "lower back twisting",
    "slipped disc", "sciatica", "pins and needles in my leg", "upper back pain sitting", "mid back stiffness",
    "neck pain looking down at phone", "facet joint", "is it serious", "exercises for lower back",
    "hip and buttock ache", "should I rest", "heat or ice", "tailbone sore after driving", "muscle spasm",
    "pain getting out of bed", "disc bulge on MRI", "nerve root irritation", "walking downhill hurts",
    "\"NEAR( pain AND OR NOT * -", "zzzz nothing matches", "twisting", "ligament sprain neck",
    "how long does it take to settle", "wear and tear", "sharp catch when turning my head", "physio",
];

// 1. Corpus: generated Markdown, loaded with the real parser (as the content store would).
var generator = new CorpusGenerator(seed: 20261120);
var files = Enumerable.Range(1, articles).Select(generator.Next).ToList();
if (writeTo is not null)
{
    foreach (var (_, path, text) in files)
    {
        var full = Path.Combine(writeTo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    Console.WriteLine($"Corpus written to {Path.GetFullPath(writeTo)}");
}

var parse = Stopwatch.StartNew();
var parsed = files.Select(f => ArticleParser.Parse(f.Kind, f.RelativePath, f.Text, DateTimeOffset.UtcNow, _ => false)).ToList();
parse.Stop();
var broken = parsed.Where(p => p.Article is null).SelectMany(p => p.Errors).ToList();
if (broken.Count > 0)
{
    Console.Error.WriteLine($"Generated articles failed their checks: {broken[0].File} {broken[0].Line}: {broken[0].Message}");
    return 1;
}

var published = parsed.Select(p => p.Article!).Where(a => !a.Draft).ToList();
var snapshot = new ContentSnapshot(1, new ClinicProfile(), published, [], DateTimeOffset.UtcNow);
var synonymsPath = Path.Combine(RepositoryRoot(), "content", SynonymsFile.FileName);
var (synonyms, problem) = SynonymsFile.Parse(File.ReadAllText(synonymsPath));
if (synonyms is null)
{
    Console.Error.WriteLine($"{synonymsPath}: {problem}");
    return 1;
}

// 2. Index build: once to warm up (JIT, SQLite's first open), then timed.
SearchIndex.Build(snapshot, synonyms).Dispose();
var builds = new List<double>();
for (var i = 0; i < 5; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var built = SearchIndex.Build(snapshot, synonyms);
    builds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

// 3. Queries: the site's own path (parse the text, synonyms, AND then OR fallback, snippets).
using var index = SearchIndex.Build(snapshot, synonyms);
var today = new DateOnly(2026, 11, 20);
foreach (var query in queries)
{
    SiteSearch.Execute(index, query, today);
}

// Phases of a query, timed apart: parse, rank (AND), snippets (AND), rank (OR fallback), snippets (OR).
var phases = new double[5];
for (var round = 0; round < rounds; round++)
{
    foreach (var query in queries)
    {
        var t0 = Stopwatch.GetTimestamp();
        if (SearchQuery.Parse(query, index.Synonyms) is not { } parsedQuery)
        {
            phases[0] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            continue;
        }

        var t1 = Stopwatch.GetTimestamp();
        var ids = index.Rank(parsedQuery.All, today, SiteSearch.MaxResults);
        var t2 = Stopwatch.GetTimestamp();
        index.Results(ids, parsedQuery.All, parsedQuery.AllPhrases);
        var t3 = Stopwatch.GetTimestamp();
        long t4 = t3, t5 = t3;
        if (ids.Count < SiteSearch.MaxResults && parsedQuery.Any is not null)
        {
            var more = index.Rank(parsedQuery.Any, today, SiteSearch.MaxResults - ids.Count, ids.ToHashSet());
            t4 = Stopwatch.GetTimestamp();
            index.Results(more, parsedQuery.Any, parsedQuery.AnyPhrases);
            t5 = Stopwatch.GetTimestamp();
        }

        phases[0] += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
        phases[1] += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
        phases[2] += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
        phases[3] += Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds;
        phases[4] += Stopwatch.GetElapsedTime(t4, t5).TotalMilliseconds;
    }
}

var phaseCount = rounds * queries.Length;
Console.WriteLine(string.Create(culture, $"Phases, mean per query: parse {phases[0] / phaseCount:0.000} ms, rank AND {phases[1] / phaseCount:0.000}, snippets AND {phases[2] / phaseCount:0.000}, rank OR {phases[3] / phaseCount:0.000}, snippets OR {phases[4] / phaseCount:0.000}"));

var samples = new List<double>(rounds * queries.Length);
var cpuBefore = Environment.CpuUsage.TotalTime;
var hits = 0L;
for (var round = 0; round < rounds; round++)
{
    foreach (var query in queries)
    {
        var started = Stopwatch.GetTimestamp();
        var results = SiteSearch.Execute(index, query, today);
        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        hits += results.Count;
    }
}

var cpuPerQuery = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds / samples.Count;
samples.Sort();
builds.Sort();
// Wall-clock figures depend on what else the machine runs; the load average says how busy it was.
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
var markdownBytes = files.Sum(f => (long)f.Text.Length);
Console.WriteLine(string.Create(culture, $"""

    | measure | value |
    | --- | --- |
    | corpus | {articles} generated files, {published.Count} published after drafts, {markdownBytes / 1024.0 / 1024.0:0.0} MB of Markdown |
    | parse (ArticleParser, one thread) | {parse.Elapsed.TotalMilliseconds:0} ms |
    | index build, median of 5 | {builds[2]:0} ms (fastest {builds[0]:0}, slowest {builds[^1]:0}) |
    | queries timed | {samples.Count} ({queries.Length} lay queries x {rounds} rounds), {hits / (double)samples.Count:0.0} results each on average |
    | machine | {Environment.ProcessorCount} cores, load average {load} at the end |
    | query CPU time, mean | {cpuPerQuery:0.00} ms |
    | query p50 | {Percentile(0.50):0.00} ms |
    | query p95 | {Percentile(0.95):0.00} ms |
    | query p99 | {Percentile(0.99):0.00} ms |
    | query max | {samples[^1]:0.00} ms |
    | targets | p95 < 5 ms: {(Percentile(0.95) < 5 ? "met" : "MISSED")}; build < 2 s: {(builds[2] < 2000 ? "met" : "MISSED")} |
    """));

Console.WriteLine();
Console.WriteLine("Slowest queries (median of their runs):");
foreach (var (query, median) in queries.Select((q, i) => (q, Median(i))).OrderByDescending(x => x.Item2).Take(5))
{
    Console.WriteLine(string.Create(culture, $"  {median,6:0.00} ms  {query}"));
}

return Percentile(0.95) < 5 && builds[2] < 2000 ? 0 : 2;

double Percentile(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];

double Median(int queryIndex)
{
    // The pooled samples are sorted by now, so each query is timed again for its own median.
    var own = new List<double>();
    for (var r = 0; r < 15; r++)
    {
        var started = Stopwatch.GetTimestamp();
        SiteSearch.Execute(index, queries[queryIndex], today);
        own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    own.Sort();
    return own[own.Count / 2];
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "FacetEducation.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository (FacetEducation.sln not found).");
}
