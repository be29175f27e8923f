namespace FacetEducation.BrowserTests.Infrastructure;

/// <summary>Addresses of shipped content that the browser tests visit.</summary>
public static class Pages
{
    /// <summary>The condition article: contents list, care cards, FAQ expanders, sources; awaiting its
    /// first review, as shipped.</summary>
    public const string Article = "/conditions/facet-joint-pain";

    /// <summary>A signed-off condition article (test content the fixture adds), with review dates.</summary>
    public const string ReviewedArticle = "/conditions/reviewed-example";

    public const string BlogPost = "/blog/why-rest-is-not-best";

    public const string Contact = "/contact";

    public const string ThankYou = "/contact/thank-you";

    public const string SendEnquiry = "Send enquiry";
}
