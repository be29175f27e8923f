using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace FacetEducation.Web.Site;

/// <summary>
/// A page with no POST (or other unsafe) handler answers only GET and HEAD: a POST to an article
/// is a 405 from routing, not a 400 from the antiforgery check of a form the page does not have.
/// </summary>
internal sealed class ReadOnlyPages : IPageApplicationModelConvention
{
    private static readonly string[] Safe = [HttpMethods.Get, HttpMethods.Head];

    public void Apply(PageApplicationModel model)
    {
        if (model.HandlerMethods.All(h => Safe.Contains(h.HttpMethod, StringComparer.OrdinalIgnoreCase)))
        {
            model.EndpointMetadata.Add(new HttpMethodMetadata(Safe));
        }
    }
}
