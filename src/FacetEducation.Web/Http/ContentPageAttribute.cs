namespace FacetEducation.Web.Http;

/// <summary>
/// Marks a page or endpoint whose response depends only on the content version, the clinic's date
/// and the request's <c>Accept-Encoding</c> (not on the visitor, a cookie or the query string). Such
/// responses are kept in the site's static copy (<see cref="StaticCopy"/>), with an <c>ETag</c> and
/// <c>Last-Modified</c> (<see cref="Revalidation"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ContentPageAttribute : Attribute;
