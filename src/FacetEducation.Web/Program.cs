using FacetEducation.Web.Content;
using FacetEducation.Web.Search;
using FacetEducation.Web.Site;

var builder = WebApplication.CreateBuilder(args);

// Logging: Serilog, configured from appsettings.json; never a visitor's message, email or phone.
builder.AddClinicLogging();

// Content: Markdown articles, posts and pages from content/, checked, rendered once, hot reloaded.
builder.Services.AddClinicContent();

// Search: an SQLite FTS5 index of the content with lay synonyms, rebuilt on every reload.
builder.Services.AddClinicSearch();

// Site: Razor Pages, SEO, compression and security headers.
builder.Services.AddClinicSite();

var app = builder.Build();

app.UseClinicSite();
app.MapClinicSite();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
