using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace FacetEducation.Web.Http;

/// <summary>
/// A page answers GET, HEAD and the methods it has handlers for, nothing else: a POST to an article
/// or a PUT to the contact page is a 405 from routing, not a 400 from the antiforgery check of a
/// form the page does not have, nor a page rendered without its handler having run (a 500).
/// </summary>
internal sealed class PageMethods : IPageApplicationModelConvention
{
    private static readonly string[] Safe = [HttpMethods.Get, HttpMethods.Head];

    public void Apply(PageApplicationModel model)
    {
        var methods = Safe
            .Concat(model.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        model.EndpointMetadata.Add(new HttpMethodMetadata(methods));
    }
}
