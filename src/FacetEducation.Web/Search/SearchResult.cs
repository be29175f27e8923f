using FacetEducation.Web.Content;

namespace FacetEducation.Web.Search;

/// <summary>One hit: the article and a snippet split into plain and highlighted parts, so the page
/// encodes every part and never writes markup taken from the query or the content.</summary>
public sealed record SearchResult(Article Article, IReadOnlyList<SnippetPart> Snippet);

public sealed record SnippetPart(string Text, bool Highlighted);

/// <summary>What the results page shows: the query as used (cut to
/// <see cref="SiteSearch.MaxQueryLength"/> when <paramref name="Truncated"/>), and the hits, best first.</summary>
public sealed record SearchOutcome(string Query, bool Truncated, IReadOnlyList<SearchResult> Results);
