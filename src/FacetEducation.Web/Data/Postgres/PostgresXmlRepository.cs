using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace FacetEducation.Web.Data.Postgres;

/// <summary>
/// The data-protection key ring in the shared database (<c>data_protection_keys</c>), so every
/// instance reads the keys the others made: a form rendered by one posts to another, and an
/// editor's sign-in cookie holds on both. The framework encrypts each key before it gets here when
/// <c>DataProtection:CertificatePath</c> is set, and decides when to make one; this only stores and
/// lists them.
/// </summary>
internal sealed class PostgresXmlRepository(ClinicDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        List<XElement> elements = [];
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        using var command = new NpgsqlCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml)", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
