using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using FacetEducation.Web.Enquiries;
using FacetEducation.Web.Hosting;
using FacetEducation.Web.Http;
using FacetEducation.Web.Search;
using Serilog;

// Command-line verbs (hash-password, check-content, backup, restore) run and exit instead of starting the site.
if (await SiteCommands.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);

// Logging: Serilog, configured from appsettings.json; never a visitor's message, email or phone.
builder.AddClinicLogging();

// App-wide services every feature uses.
// The clock: the clinic's "today", publish dates, review reminders, enquiry times; tests replace it.
builder.Services.AddSingleton(TimeProvider.System);
// The data folder (Data:Path): the editor's history, the enquiry outbox, the keys; its free-space probe feeds /healthz.
builder.Services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<DataFolderProbe>();
// Data:Provider: Sqlite (files in the data folder) or Postgres (ConnectionStrings:Clinic, shared by several instances), migrated at start, in /healthz.
builder.Services.AddClinicDatabase();
// Data protection: the key ring of antiforgery (every form), form timestamps and the editor's sign-in
// cookie, in the data folder, encrypted with a certificate.
builder.AddDataProtectionKeys();

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

// Admin: clinicians sign in at /admin to edit, preview, sign off and upload; revisions in the data folder.
// /admin is the place (Admin/, Pages/Admin); an editor is the clinician who signs in (EditorAccount, the Editor settings).
builder.Services.AddAdmin();

// Stopping (SIGTERM): requests in flight and the email being sent get 25 s, inside systemd's 30 s TimeoutStopSec.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));

var app = builder.Build();

// Content: parsing starts now, alongside the rest of start-up; the first request waits for it.
app.StartContentLoad();

// The request pipeline, in order. First the visitor's address and scheme, so that everything after
// it (HSTS, the redirect, the static copy, the rate limiter, the sign-in throttle, cookies) sees them.
app.UseKnownProxyHeaders();
app.UsePublicHost();
app.UseHstsInProduction();
// Every cookie Secure when the visitor's request was https.
app.UseCookiePolicy();
app.UseSerilogRequestLogging();
// Content pages as last served for this content version, straight from memory: a hit skips
// everything below (its headers, security headers included, are replayed as first sent). A page it
// renders gets its ETag and Last-Modified here, and a matching conditional request a 304.
app.UseStaticCopy();
app.UseExceptionHandler("/error");
app.UseClinicStatusCodePages();
app.UseSecurityHeaders();
// content/images/ at /images/.
app.UseContentImages();
app.UseRouting();
app.UseResponseCompression();
// /admin: never cached, never compressed.
app.UseAdminNoStore();
// Before sign-in, which itself needs the database: a paused or full data folder gets a clear page.
app.UseEditingPaused();
app.UseAuthentication();
app.UseAuthorization();
// The rate limit of the endpoints that name a policy (the enquiry API, the contact form), then each endpoint's body limit.
app.UseRateLimiter();
app.Use(EnquiryLimits.LimitBodyAsync);

// Endpoints.
app.MapClinicSite();
app.MapEnquiries();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
