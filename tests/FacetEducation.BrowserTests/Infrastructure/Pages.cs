namespace FacetEducation.BrowserTests.Infrastructure;

/// <summary>Addresses of shipped content that the browser tests visit.</summary>
public static class Pages
{
    /// <summary>The condition article: contents list, care cards, FAQ expanders, review dates, sources.</summary>
    public const string Article = "/conditions/facet-joint-pain";

    public const string BlogPost = "/blog/why-rest-is-not-best";

    public const string Contact = "/contact";

    public const string ThankYou = "/contact/thank-you";

    public const string SendEnquiry = "Send enquiry";
}
