using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Serilog.Events;

namespace FacetEducation.Tests.Faults;

/// <summary>The data-protection keys are encrypted at rest with <c>DataProtection:CertificatePath</c>, in the data folder or the shared database.</summary>
public sealed class DataProtectionCertificateTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    private const string Password = "pfx-password-for-the-test";

    [Fact]
    public async Task Keys_on_disk_are_encrypted_with_the_certificate_and_a_form_token_still_round_trips()
    {
        await using var site = new CertificateSiteFactory();
        site.Host["DataProtection:CertificatePath"] = site.WriteCertificate(Password);
        site.Host["DataProtection:CertificatePassword"] = Password;
        var client = site.Client();

        var sent = await Send.FormAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/contact/thank-you", sent.Headers.Location?.OriginalString);
        var keys = Directory.GetFiles(Path.Combine(site.DataPath, "keys"), "*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var xml = await File.ReadAllTextAsync(key);
            Assert.Contains("<EncryptedKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Password, site.Logs.AllText, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Keys_in_the_shared_database_are_encrypted_with_the_certificate_too()
    {
        await using var site = new CertificateSiteFactory();
        site.Host["DataProtection:CertificatePath"] = site.WriteCertificate(Password);
        site.Host["DataProtection:CertificatePassword"] = Password;
        site.With("Data:Provider", "Postgres").With("ConnectionStrings:Clinic", postgres.ConnectionString);

        var sent = await Send.FormAsync(site.Client());

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var xml = (string)Assert.Single(TestPostgres.Query(postgres.ConnectionString, "SELECT xml FROM data_protection_keys"))[0]!;
        Assert.Contains("<EncryptedKey", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(site.DataPath, "*.xml", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Without_a_certificate_the_site_starts_and_warns_naming_the_key()
    {
        await using var site = new CertificateSiteFactory();
        var client = site.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/contact", UriKind.Relative))).StatusCode);
        Assert.Contains(site.Logs.Events, e => e.Level == LogEventLevel.Warning
            && e.RenderMessage(CultureInfo.InvariantCulture).Contains("\"DataProtection:CertificatePath\" is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_certificate_file_stops_the_site_naming_the_key()
    {
        await using var site = new CertificateSiteFactory();
        site.Host["DataProtection:CertificatePath"] = Path.Combine(site.Root, "no-such.pfx");

        var error = Assert.ThrowsAny<Exception>(() => site.Client());

        Assert.Contains("DataProtection:CertificatePath: no certificate file at", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_certificate_password_stops_the_site_naming_the_key_and_not_the_password()
    {
        await using var site = new CertificateSiteFactory();
        site.Host["DataProtection:CertificatePath"] = site.WriteCertificate(Password);
        site.Host["DataProtection:CertificatePassword"] = "not-the-password";

        var error = Assert.ThrowsAny<Exception>(() => site.Client());

        Assert.Contains("DataProtection:CertificatePath: the certificate file", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The enquiry site, with settings the site reads while it registers its services (the
    /// certificate) given as host configuration, which reaches <c>WebApplication.CreateBuilder</c>;
    /// settings given with <see cref="SiteFactory.With"/> arrive only after that.
    /// </summary>
    private sealed class CertificateSiteFactory : SiteFactory
    {
        public CertificateSiteFactory()
        {
            With("Enquiries:MinimumFillTime", "00:00:00");
            With("Enquiries:RateLimitPerMinute", "1000");
        }

        public Dictionary<string, string?> Host { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HttpClient Client() => CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        /// <summary>A self-signed RSA certificate with its private key, as a password-protected PFX in the test's folder.</summary>
        public string WriteCertificate(string password)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=FacetEducation data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var path = Path.Combine(Root, "keys.pfx");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
            return path;
        }

        protected override IHost CreateHost(IHostBuilder builder)
        {
            builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(Host));
            return base.CreateHost(builder);
        }
    }
}
