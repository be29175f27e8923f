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
SearchIndexBuilder.Build(snapshot, synonyms).Dispose();
var builds = new List<double>();
for (var i = 0; i < 5; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var built = SearchIndexBuilder.Build(snapshot, synonyms);
    builds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

// 3. Queries: the site's own path (parse the text, synonyms, AND then OR fallback, snippets).
// Each query is timed twice over: wall clock (what a visitor waits, including time spent waiting for
// a core on a busy machine) and the CPU time of this thread (what the query costs, which the load
// does not change). Warm-up first (JIT tiers, SQLite page cache, the pool's prepared statements),
// and a collection before the timed loop so that GC noise from the build does not land in it.
using var index = SearchIndexBuilder.Build(snapshot, synonyms);
var today = new DateOnly(2026, 11, 20);
for (var warm = 0; warm < 5; warm++)
{
    foreach (var query in queries)
    {
        SiteSearch.Execute(index, query, today);
    }
}

GC.Collect();
GC.WaitForPendingFinalizers();
var wall = new List<double>(rounds * queries.Length);
var cpu = new List<double>(rounds * queries.Length);
var perQuery = queries.Select(_ => new List<double>(rounds)).ToArray();
var phases = new double[5];
var hits = 0L;
for (var round = 0; round < rounds; round++)
{
    for (var q = 0; q < queries.Length; q++)
    {
        var cpuStarted = ThreadCpu.Now();
        var started = Stopwatch.GetTimestamp();
        var results = SiteSearch.Execute(index, queries[q], today);
        wall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var spent = ThreadCpu.Now() - cpuStarted;
        cpu.Add(spent);
        perQuery[q].Add(spent);
        hits += results.Count;
    }

    // The same queries again, phase by phase (CPU time): parse, rank (AND), snippets (AND),
    // rank (OR fallback), snippets (OR).
    foreach (var query in queries)
    {
        var t0 = ThreadCpu.Now();
        var parsedQuery = SearchQuery.Parse(query, index.Synonyms);
        var t1 = ThreadCpu.Now();
        phases[0] += t1 - t0;
        if (parsedQuery is null)
        {
            continue;
        }

        var ids = index.Rank(parsedQuery.All, today, SiteSearch.MaxResults);
        var t2 = ThreadCpu.Now();
        index.Results(ids, parsedQuery.All, parsedQuery.AllPhrases);
        var t3 = ThreadCpu.Now();
        double t4 = t3, t5 = t3;
        if (ids.Count < SiteSearch.MaxResults && parsedQuery.Any is not null)
        {
            var more = index.Rank(parsedQuery.Any, today, SiteSearch.MaxResults - ids.Count, ids.ToHashSet());
            t4 = ThreadCpu.Now();
            index.Results(more, parsedQuery.Any, parsedQuery.AnyPhrases);
            t5 = ThreadCpu.Now();
        }

        phases[1] += t2 - t1;
        phases[2] += t3 - t2;
        phases[3] += t4 - t3;
        phases[4] += t5 - t4;
    }
}

wall.Sort();
cpu.Sort();
builds.Sort();
var timed = wall.Count;
// Wall-clock figures depend on what else the machine runs; the load average says how busy it was.
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
var markdownBytes = files.Sum(f => (long)f.Text.Length);
var met = Percentile(cpu, 0.95) < 5 && builds[2] < 2000;
Console.WriteLine(string.Create(culture, $"""

    | measure | value |
    | --- | --- |
    | corpus | {articles} generated files, {published.Count} published after drafts, {markdownBytes / 1024.0 / 1024.0:0.0} MB of Markdown |
    | parse (ArticleParser, one thread) | {parse.Elapsed.TotalMilliseconds:0} ms |
    | index build, median of 5 | {builds[2]:0} ms (fastest {builds[0]:0}, slowest {builds[^1]:0}) |
    | queries timed | {timed} ({queries.Length} lay queries x {rounds} rounds, after 5 warm-up rounds), {hits / (double)timed:0.0} results each on average |
    | machine | {Environment.ProcessorCount} cores, load average {load} at the end |
    | query CPU time p50 / p95 / p99 / max | {Percentile(cpu, 0.50):0.00} / {Percentile(cpu, 0.95):0.00} / {Percentile(cpu, 0.99):0.00} / {cpu[^1]:0.00} ms (mean {cpu.Average():0.00}) |
    | query wall clock p50 / p95 / p99 / max | {Percentile(wall, 0.50):0.00} / {Percentile(wall, 0.95):0.00} / {Percentile(wall, 0.99):0.00} / {wall[^1]:0.00} ms |
    | CPU time by phase, mean per query | parse {phases[0] / timed:0.000}, rank {phases[1] / timed:0.000}, snippets {phases[2] / timed:0.000}, OR fallback rank {phases[3] / timed:0.000}, snippets {phases[4] / timed:0.000} ms |
    | targets | p95 < 5 ms (CPU time): {(Percentile(cpu, 0.95) < 5 ? "met" : "MISSED")}, wall clock under this load: {(Percentile(wall, 0.95) < 5 ? "met" : "missed")}; build < 2 s: {(builds[2] < 2000 ? "met" : "MISSED")} |
    """));

Console.WriteLine();
Console.WriteLine("Slowest queries (median CPU time of their runs):");
foreach (var (query, median) in queries.Select((q, i) => (q, Median(perQuery[i]))).OrderByDescending(x => x.Item2).Take(5))
{
    Console.WriteLine(string.Create(culture, $"  {median,6:0.00} ms  {query}"));
}

return met ? 0 : 2;

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static double Median(List<double> samples)
{
    var own = samples.Order().ToList();
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
