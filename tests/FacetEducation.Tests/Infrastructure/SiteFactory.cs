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

    /// <summary>Writes a content file (path relative to content/) and returns its full path.</summary>
    public string WriteContent(string relativePath, string text)
    {
        var full = Path.Combine(ContentPath, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }
        });
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
