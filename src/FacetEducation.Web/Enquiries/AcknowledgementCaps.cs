using System.Data.Common;
using FacetEducation.Web.Data;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// Counts acknowledgements already queued, in the insert's own transaction (so earlier inserts
/// of the same batch count too). Each count reads at most the cap's number of index entries: the
/// window never holds more than the cap.
/// </summary>
internal sealed class AcknowledgementCaps : IDisposable
{
    private readonly DbCommand _perAddress;
    private readonly DbCommand _perHour;
    private readonly EnquiryOptions _options;

    public AcknowledgementCaps(DbConnection connection, EnquiryOptions options)
    {
        _options = options;
        _perAddress = connection.CreateCommand();
        _perAddress.CommandText = "SELECT COUNT(*) FROM outbox WHERE recipient = @recipient AND queued_at > @since";
        _perHour = connection.CreateCommand();
        _perHour.CommandText = "SELECT COUNT(*) FROM outbox WHERE recipient IS NOT NULL AND queued_at > @since";
    }

    public AcknowledgementDecision Decide(string recipient, DateTimeOffset now)
    {
        _perAddress.Parameters.Clear();
        Sql.Set(_perAddress, "@recipient", recipient);
        Sql.Set(_perAddress, "@since", (now - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds());
        if ((long)_perAddress.ExecuteScalar()! >= _options.AcknowledgementsPerAddressPerDay)
        {
            return AcknowledgementDecision.AddressLimit;
        }

        _perHour.Parameters.Clear();
        Sql.Set(_perHour, "@since", (now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds());
        return (long)_perHour.ExecuteScalar()! >= _options.AcknowledgementsPerHour
            ? AcknowledgementDecision.HourlyLimit
            : AcknowledgementDecision.Queued;
    }

    public void Dispose()
    {
        _perAddress.Dispose();
        _perHour.Dispose();
    }
}
