using System.Net;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace FacetEducation.Tests.Infrastructure;

/// <summary>
/// The real site over a temporary copy of content (the shipped <c>content/</c> by default) and a
/// temporary data folder, both deleted on dispose. Every test class gets its own, so tests can edit
/// content without touching each other or the repository.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>
{
    /// <summary>Sets the request's <c>Connection.RemoteIpAddress</c>, as a real connection would (a
    /// test server has none): the address of a visitor, or of the proxy in front of the site.</summary>
    public const string AddressHeader = "X-Test-Client-Address";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    public SiteFactory()
        : this(copyShippedContent: true)
    {
    }

    protected SiteFactory(bool copyShippedContent)
    {
        Root = Directory.CreateTempSubdirectory("facet-site-").FullName;
        ContentPath = Path.Combine(Root, "content");
        DataPath = Path.Combine(Root, "data");
        Directory.CreateDirectory(ContentPath);
        Directory.CreateDirectory(DataPath);
        if (copyShippedContent)
        {
            TestContent.CopyDirectory(TestContent.ShippedContentPath, ContentPath);
        }

        _settings["Content:Path"] = ContentPath;
        _settings["Data:Path"] = DataPath;
        // Tests look at the search index and the editor's history at once; the site holds them
        // back a few seconds after start-up so that the first pages get the processor.
        _settings["Site:DeferredWorkDelay"] = "00:00:00";
    }

    /// <summary>The host environment; <c>Production</c> turns on HTTPS redirection and HSTS.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>The clock the site runs on (null: the real one); set before the first client.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Every Serilog event the site writes, so tests can check what is (and is not) logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The temporary folder holding content/ and data/.</summary>
    public string Root { get; }

    public string ContentPath { get; }

    public string DataPath { get; }

    /// <summary>Sets a configuration value before the host starts (call before the first client).</summary>
    public SiteFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>A configuration value set with <see cref="With"/> (null when none was).</summary>
    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    /// <summary>The site's PostgreSQL database when it runs with <c>Data:Provider=Postgres</c>, else null (SQLite files in <see cref="DataPath"/>).</summary>
    public string? Postgres =>
        string.Equals(Setting("Data:Provider"), "Postgres", StringComparison.OrdinalIgnoreCase) ? Setting("ConnectionStrings:Clinic") : null;

    /// <summary>Writes a content file (path relative to content/) and returns its full path.</summary>
    public string WriteContent(string relativePath, string text)
    {
        var full = Path.Combine(ContentPath, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    /// <summary>
    /// Records the file's current text in the editor's history as signed off by a reviewer, as a sign-off in
    /// the editor would have, so its page shows its review (a review claim no sign-off backs is not shown).
    /// For tests about pages that show a review; the editor's own sign-off is tested through its forms.
    /// Starts the site if it has not started.
    /// </summary>
    public async Task RecordSignOffAsync(string relativePath, string signedBy = "Test Reviewer")
    {
        var text = (await File.ReadAllTextAsync(Path.Combine(ContentPath, relativePath))).ReplaceLineEndings("\n");
        var revisions = Services.GetRequiredService<RevisionStore>();
        var reviewer = new EditorAccount { UserName = "past-reviewer", DisplayName = signedBy, Role = EditorRoles.Reviewer };
        var seen = await revisions.AddAsync(relativePath, text, RevisionStatus.Outside, null, HandEditRecorder.FirstSeenSummary);
        var signed = await revisions.AddAsync(relativePath, text, RevisionStatus.Published, reviewer, $"Signed off by {signedBy} as a full review", signedOffRevision: seen.Id);
        Services.GetRequiredService<ReviewRecords>().Add(new SignOffRow(signed.Id, relativePath, text, false, signed.Created, signedBy));
        Services.GetRequiredService<ContentStore>().Reload();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new ClientAddressFilter());
            services.AddSingleton<ILogEventSink>(Logs);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }
        });
    }

    /// <summary>Runs before the site's own pipeline, as the connection itself would.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a background service: the OS temp cleaner gets it.
            }
        }
    }
}
