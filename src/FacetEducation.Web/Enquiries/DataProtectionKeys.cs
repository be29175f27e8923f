using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Enquiries;

/// <summary>How the data-protection keys are protected at rest (section <c>DataProtection</c>).</summary>
public sealed class DataProtectionKeyOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// A PFX (PKCS#12) file with an RSA certificate and its private key; the keys in the data
    /// folder's <c>keys/</c> are encrypted to it. Absolute, or relative to the content root. Empty:
    /// the keys are stored unencrypted (a warning is logged), relying on the folder's permissions.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX file's password, if it has one: from environment variables or user secrets, never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Keeps the password out of anything that prints the options.</summary>
    public override string ToString() => $"certificate {CertificatePath ?? "none"}";
}

/// <summary>
/// The data-protection key ring behind antiforgery tokens, form timestamps and the editor's
/// sign-in cookie: kept in the data folder's <c>keys/</c> (so tokens survive a restart), or in the
/// shared database with <c>Data:Provider=Postgres</c> (so they hold across instances),
/// encrypted with <c>DataProtection:CertificatePath</c> when it is set, and in memory when the
/// folder cannot be written (so the public pages and their forms still work).
/// </summary>
public static class DataProtectionKeys
{
    private const string CertificateKey = DataProtectionKeyOptions.Section + ":CertificatePath";

    /// <summary>
    /// Reads <c>DataProtection:*</c> now, because the framework's <c>ProtectKeysWithCertificate</c>
    /// takes the certificate itself while services are registered. A missing or unreadable
    /// certificate is an operator's mistake: the site does not start, and the message names the key.
    /// </summary>
    public static WebApplicationBuilder AddDataProtectionKeys(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DataProtectionKeyOptions.Section).Get<DataProtectionKeyOptions>() ?? new();
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("FacetEducation");
        var certificate = Load(options, builder.Environment.ContentRootPath);
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<EnquiryPaths, ILoggerFactory, IOptions<DataOptions>, IServiceProvider>((o, paths, loggers, data, services) =>
            {
                var logger = loggers.CreateLogger(typeof(DataProtectionKeys));
                // Several instances read one key ring in the shared database; one instance keeps it in its data folder.
                var shared = data.Value.Provider == DataProvider.Postgres;
                o.XmlRepository = shared ? services.GetRequiredService<PostgresXmlRepository>() : Repository(paths.Keys, loggers, logger);
                if (certificate is null)
                {
                    logger.LogWarning("{Key} is not set: the data-protection keys in {Folder} are stored unencrypted; set it to a PFX certificate to encrypt them",
                        CertificateKey, shared ? "the shared database's data_protection_keys" : paths.Keys);
                }
            });
        return builder;
    }

    /// <summary>The key folder when it can be written; otherwise keys in memory, valid until a restart.</summary>
    private static IXmlRepository Repository(string folder, ILoggerFactory loggers, ILogger logger)
    {
        string? problem;
        try
        {
            Directory.CreateDirectory(folder);
            problem = DataFolderProbe.TryWrite(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
        }

        if (problem is null)
        {
            return new FileSystemXmlRepository(new DirectoryInfo(folder), loggers);
        }

        logger.LogWarning("The data-protection key folder {Folder} cannot be written ({Reason}): keys are kept in memory until the site restarts, so forms left open across a restart must be sent again; make the folder writable and restart",
            folder, problem);
        return new MemoryXmlRepository();
    }

    /// <summary>The certificate named by the options, checked for what encrypting and decrypting the keys need; null when none is set.</summary>
    internal static X509Certificate2? Load(DataProtectionKeyOptions options, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return null;
        }

        var path = Path.GetFullPath(options.CertificatePath, contentRoot);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{CertificateKey}: no certificate file at '{path}'. Set it to a PFX file with the certificate and its private key, or leave it empty.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{CertificateKey}: the certificate file '{path}' cannot be read ({ex.Message}). Check that it is a PFX file and that {DataProtectionKeyOptions.Section}:CertificatePassword is its password.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{CertificateKey}: the certificate file '{path}' cannot be read ({ex.Message}).", ex);
        }

        using var publicKey = certificate.GetRSAPublicKey();
        if (!certificate.HasPrivateKey || publicKey is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{CertificateKey}: the certificate in '{path}' has no RSA private key, which decrypting the keys needs. Export it as a PFX with its private key.");
        }

        return certificate;
    }

    /// <summary>Keys for this process only: what the site uses when its key folder cannot be written.</summary>
    private sealed class MemoryXmlRepository : IXmlRepository
    {
        private readonly Lock _lock = new();
        private readonly List<XElement> _elements = [];

        public IReadOnlyCollection<XElement> GetAllElements()
        {
            lock (_lock)
            {
                return [.. _elements.Select(e => new XElement(e))];
            }
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            lock (_lock)
            {
                _elements.Add(new XElement(element));
            }
        }
    }
}
