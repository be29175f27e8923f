namespace FacetEducation.BrowserTests.Infrastructure;

/// <summary>Every browser test class shares one site and one Chromium, and they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
