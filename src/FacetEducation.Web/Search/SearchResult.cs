using FacetEducation.Web.Content;

namespace FacetEducation.Web.Search;

/// <summary>One hit: the article and a snippet split into plain and highlighted parts, so the page
/// encodes every part and never writes markup taken from the query or the content.</summary>
public sealed record SearchResult(Article Article, IReadOnlyList<SnippetPart> Snippet);

public sealed record SnippetPart(string Text, bool Highlighted);

public sealed record SearchOutcome(string Query, bool Truncated, IReadOnlyList<SearchResult> Results);
