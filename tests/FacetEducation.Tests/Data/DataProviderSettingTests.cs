using System.Net;
using FacetEducation.Tests.Enquiries;

namespace FacetEducation.Tests.Data;

/// <summary><c>Data:Provider</c> is checked at start; a wrong setting stops the site with a message naming the key.</summary>
public sealed class DataProviderSettingTests
{
    [Theory]
    [InlineData(null, "ConnectionStrings:Clinic is required when Data:Provider is Postgres: a PostgreSQL connection string such as")]
    [InlineData("Hots=db.example.org;Database=clinic", "ConnectionStrings:Clinic is not a PostgreSQL connection string (")]
    [InlineData("Database=clinic;Username=clinic", "ConnectionStrings:Clinic names no Host: ")]
    public void Postgres_without_a_usable_connection_string_stops_the_site_naming_the_key(string? connectionString, string message)
    {
        using var site = new EnquiryFactory();
        site.With("Data:Provider", "Postgres").With("ConnectionStrings:Clinic", connectionString);

        var error = Assert.ThrowsAny<Exception>(() => site.Client());

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_stops_the_site_naming_the_key()
    {
        using var site = new EnquiryFactory();
        site.With("Data:Provider", "MySql");

        var error = Assert.ThrowsAny<Exception>(() => site.Client());

        Assert.Contains("'Data:Provider'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_is_the_default_and_needs_no_connection_string()
    {
        await using var site = new EnquiryFactory();

        Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var database = (await Infrastructure.HealthReports.HealthAsync(site)).Entries["database"];
        Assert.Equal("Data:Provider is Sqlite: the stores are files in the data folder, with their own checks.", database.Description);
        Assert.True(File.Exists(Path.Combine(site.DataPath, "enquiries.db")));
    }
}
