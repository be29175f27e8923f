using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace FacetEducation.Web.Http;

/// <summary>
/// Renders a Razor view as the whole response from middleware (a 413, 429 or "paused" page), where
/// no page or controller runs, so those answers look like every other page of the site.
/// </summary>
internal static class MiddlewareViews
{
    public static Task RenderAsync<TModel>(HttpContext context, string viewPath, int status, TModel model)
    {
        var view = new ViewResult
        {
            ViewName = viewPath,
            StatusCode = status,
            ViewData = new ViewDataDictionary<TModel>(context.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
            {
                Model = model,
            },
        };
        return view.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
