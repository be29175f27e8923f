using System.Text;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FacetEducation.Web.Enquiries;

public static class EnquiriesServiceCollectionExtensions
{
    /// <summary>
    /// Enquiries: validated options, the SQLite outbox (and its health check), the sender and
    /// retention jobs, the API controller and the rate limit. The data-protection keys, kept in the
    /// same data folder, are <see cref="DataProtectionKeys"/>.
    /// </summary>
    public static IServiceCollection AddEnquiries(this IServiceCollection services)
    {
        services.AddOptions<EnquiryOptions>()
            .BindConfiguration(EnquiryOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.DataPath is null || o.DataPath.IndexOfAny(Path.GetInvalidPathChars()) < 0,
                "Enquiries:DataPath contains characters that cannot be in a folder name.")
            .Validate(o => o.RetryMaxDelay >= o.RetryBaseDelay,
                "Enquiries:RetryMaxDelay must be at least Enquiries:RetryBaseDelay.")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.UsePickupFolder || Uri.CheckHostName(o.Host!.Trim()) != UriHostNameType.Unknown,
                "Smtp:Host must be a host name or IP address, like smtp.example.org (no scheme and no port; set Smtp:Port for that).")
            .Validate(o => Enum.IsDefined(o.Security),
                "Smtp:Security must be None, StartTls or SslOnConnect.")
            .Validate(o => string.IsNullOrEmpty(o.Password) || !string.IsNullOrEmpty(o.Username),
                "Smtp:Username is required when Smtp:Password is set.")
            .Validate(o => string.IsNullOrEmpty(o.Username) || !string.IsNullOrEmpty(o.Password),
                "Smtp:Password is required when Smtp:Username is set (set it with an environment variable or user secrets).")
            .ValidateOnStart();
        services.AddOptions<MailOptions>()
            .BindConfiguration(MailOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.From) || IsMailbox(o.From),
                "Mail:From must be an email address, like \"Clinic website <website@example.org>\".")
            .Validate(o => string.IsNullOrWhiteSpace(o.ClinicInbox) || IsMailbox(o.ClinicInbox),
                "Mail:ClinicInbox must be an email address, like enquiries@example.org.")
            .Validate<IOptions<SmtpOptions>>((o, smtp) => smtp.Value.UsePickupFolder || !string.IsNullOrWhiteSpace(o.From),
                "Mail:From is required when Smtp:Host is set: the address the emails are sent from.")
            .Validate<IOptions<SmtpOptions>>((o, smtp) => smtp.Value.UsePickupFolder || !string.IsNullOrWhiteSpace(o.ClinicInbox),
                "Mail:ClinicInbox is required when Smtp:Host is set: the inbox that receives enquiries.")
            .ValidateOnStart();

        services.AddSingleton<EnquiryPaths>();
        services.AddSingleton<EnquiryDatabase>();
        // The outbox: the data folder's SQLite file, or the shared database with Data:Provider=Postgres.
        services.AddSingleton<IEnquiryDatabase>(sp => sp.GetRequiredService<IOptions<DataOptions>>().Value.Provider == DataProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresEnquiryDatabase>(sp)
            : sp.GetRequiredService<EnquiryDatabase>());
        services.AddSingleton<EnquiryStore>();
        // Unhealthy when enquiries are paused or the data folder cannot be written; Degraded when it is nearly full.
        services.AddHealthChecks().AddCheck<DataStoreHealthCheck<EnquiryStore>>("enquiries-data");
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp => new EnquiryService(
            sp.GetRequiredService<EnquiryStore>(), sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<ContentStore>(),
            sp.GetRequiredService<IOptions<MailOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EnquiryService>>()));
        // The editor's emails to reviewers go through the same outbox and sender.
        services.AddSingleton<IEditorMail, EditorMailOutbox>();
        services.AddSingleton<FormTimestamp>();
        services.AddHostedService<OutboxSender>();
        services.AddSingleton<EnquiryRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<EnquiryRetention>());


        services.AddControllers(options =>
        {
            // JSON is UTF-8 (RFC 8259). The formatter's UTF-16 transcoding throws on an odd-length
            // body, so other charsets get the same 415 as any charset it never offered.
            foreach (var json in options.InputFormatters.OfType<SystemTextJsonInputFormatter>())
            {
                foreach (var encoding in json.SupportedEncodings.Where(e => e.CodePage != Encoding.UTF8.CodePage).ToList())
                {
                    json.SupportedEncodings.Remove(encoding);
                }
            }
        });
        services.AddRateLimiter(EnquiryLimits.Configure);
        return services;
    }

    /// <summary>The API routes (the contact pages are Razor Pages).</summary>
    public static WebApplication MapEnquiries(this WebApplication app)
    {
        app.MapControllers();
        return app;
    }

    private static bool IsMailbox(string value) =>
        MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);
}
