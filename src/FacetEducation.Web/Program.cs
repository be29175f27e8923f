using FacetEducation.Web.Content;
using FacetEducation.Web.Data;
using FacetEducation.Web.Editor;
using FacetEducation.Web.Enquiries;
using FacetEducation.Web.Search;
using FacetEducation.Web.Site;

// Command-line verbs (hash-password, check-content, backup, restore) run and exit instead of starting the site.
if (await EditorCommands.TryRunAsync(args) || DataCommands.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);

// Logging: Serilog, configured from appsettings.json; never a visitor's message, email or phone.
builder.AddClinicLogging();

// Content: Markdown articles, posts and pages from content/, checked, rendered once, hot reloaded.
builder.Services.AddClinicContent();

// Search: an SQLite FTS5 index of the content with lay synonyms, rebuilt on every reload.
builder.Services.AddClinicSearch();

// Site: Razor Pages, SEO, compression and security headers.
builder.AddClinicSite();

// Public address: Site:PublicUrl, its host only, forwarded headers from Proxy:Known* only, HTTPS redirection, HSTS, Secure cookies.
builder.AddPublicAddress();

// Enquiries: contact form and JSON API, stored in a SQLite outbox first, then sent with MailKit.
builder.Services.AddEnquiries();

// Data protection: the key ring of antiforgery, form timestamps and sign-in, in the data folder, encrypted with a certificate.
builder.AddDataProtectionKeys();

// Editor: clinicians sign in at /admin to edit, preview, sign off and upload; revisions in the data folder.
builder.Services.AddEditor();

// Stopping (SIGTERM): requests in flight and the email being sent get 25 s, inside systemd's 30 s TimeoutStopSec.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));

var app = builder.Build();

// Content: parsing starts now, alongside the rest of start-up; the first request waits for it.
app.StartContentLoad();

// First in the pipeline, so that everything after it sees the visitor's address and scheme.
app.UsePublicAddress();
app.UseClinicSite();
app.UseEditor();
app.MapClinicSite();
app.MapEnquiries();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
