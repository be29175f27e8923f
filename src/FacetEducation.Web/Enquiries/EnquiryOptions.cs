using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace FacetEducation.Web.Enquiries;

/// <summary>Where enquiries are kept and how they are sent (section <c>Enquiries</c>).</summary>
public sealed class EnquiryOptions
{
    public const string Section = "Enquiries";

    /// <summary>
    /// The data folder: the SQLite outbox (<c>enquiries.db</c>), the <c>pickup/</c> folder for
    /// <c>.eml</c> files and the data-protection <c>keys/</c>. Empty means a <c>data</c> folder under
    /// the content root (git-ignored); a relative path is read from the content root.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>Enquiries older than this many days are deleted, with their emails and pickup files.</summary>
    [Range(1, 3650, ErrorMessage = "Enquiries:RetentionDays must be between 1 and 3650 days.")]
    public int RetentionDays { get; set; } = 90;

    /// <summary>Enquiries one client (IP address) may send per minute, form and API together.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Enquiries:RateLimitPerMinute must be between 1 and 1000000.")]
    public int RateLimitPerMinute { get; set; } = 5;

    /// <summary>
    /// Acknowledgements sent to one address in any 24 hours. Past it the enquiry is still stored and
    /// the clinic still told (its email says no acknowledgement went out): a stranger cannot use the
    /// clinic's address to mail someone over and over. 0 sends none.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Enquiries:AcknowledgementsPerAddressPerDay must be between 0 and 1000.")]
    public int AcknowledgementsPerAddressPerDay { get; set; } = 3;

    /// <summary>Acknowledgements sent by the whole site in any 60 minutes, whatever the addresses; as above past it. 0 sends none.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Enquiries:AcknowledgementsPerHour must be between 0 and 1000000.")]
    public int AcknowledgementsPerHour { get; set; } = 30;

    /// <summary>A form sent sooner than this after it was shown is asked to be sent again (bots are fast).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Enquiries:MinimumFillTime must be between 00:00:00 and 00:10:00.")]
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The first retry delay after a temporary failure; each further attempt doubles it (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Enquiries:RetryBaseDelay must be between 00:00:00.010 and 01:00:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts, however many have failed.</summary>
    /// <remarks>45 seconds by default: whatever the length of an outage, the next attempt comes
    /// within 45 s of the mail server returning, leaving time to send the backlog within a minute.
    /// One connection attempt every 45 s costs nothing.</remarks>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Enquiries:RetryMaxDelay must be between 00:00:00.010 and 1.00:00:00.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>After temporary failures for this long, an email is marked failed and listed for the clinician.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Enquiries:GiveUpAfter must be between 00:00:01 and 30.00:00:00.")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often the sender looks at the outbox when nothing wakes it (it is woken on every new enquiry).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Enquiries:PollInterval must be between 00:00:00.010 and 01:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With the outbox in PostgreSQL (several instances): how long an instance's claim on the emails
    /// it is sending holds (<c>Data/Postgres/OutboxClaims.cs</c>). Longer than a batch takes to send;
    /// an instance that dies mid-batch leaves its emails to another after this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Enquiries:ClaimLease must be between 00:00:01 and 01:00:00.")]
    public TimeSpan ClaimLease { get; set; } = Data.Postgres.OutboxClaims.Lease;

    /// <summary>Emails sent over one SMTP connection before it is closed and the outbox read again.</summary>
    [Range(1, 1000, ErrorMessage = "Enquiries:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 100;
}

/// <summary>The outgoing mail server (section <c>Smtp</c>). With no <see cref="Host"/>, mail goes to the pickup folder.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>The SMTP server's host name or address. Empty: write <c>.eml</c> files to the pickup folder instead.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port; 0 picks the usual one for <see cref="Security"/> (25, 587 or 465).</summary>
    [Range(0, 65535, ErrorMessage = "Smtp:Port must be between 1 and 65535 (or 0 for the usual port).")]
    public int Port { get; set; }

    /// <summary><c>None</c>, <c>StartTls</c> (the default) or <c>SslOnConnect</c>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The account name, when the server needs one. Set with <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The account password: from environment variables or user secrets, never appsettings.json; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>How long one SMTP command may take before the attempt counts as a temporary failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Smtp:Timeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsePickupFolder => string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port != 0 ? Port : Security switch
    {
        SmtpSecurity.None => 25,
        SmtpSecurity.SslOnConnect => 465,
        _ => 587,
    };

    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>Keeps the password out of anything that prints the options.</summary>
    public override string ToString() => $"{Host}:{EffectivePort} ({Security}, user {(Username is null ? "none" : "set")})";
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>Addresses on the emails (section <c>Mail</c>).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The sender of both emails, for example <c>Clinic website &lt;website@example.org&gt;</c>.
    /// Required when <c>Smtp:Host</c> is set; the pickup folder uses <c>website@localhost</c> when empty.</summary>
    public string? From { get; set; }

    /// <summary>Where enquiries are delivered. Required when <c>Smtp:Host</c> is set; otherwise empty means
    /// the email in the clinic profile (<c>content/clinic.yml</c>).</summary>
    public string? ClinicInbox { get; set; }
}
