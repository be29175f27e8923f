using FacetEducation.Web.Content;
using FacetEducation.Web.Enquiries;
using MimeKit;

namespace FacetEducation.Tests.Enquiries;

/// <summary>The clinic's email for red flags stored by an older version of the site.</summary>
public sealed class RedFlagMessageTests
{
    [Fact]
    public void A_stored_red_flag_the_form_no_longer_offers_is_sent_under_the_999_advice_by_its_value()
    {
        // A value no version of the form offers now: the email is still built, the sign named by its
        // value, under the safer of the two levels.
        var enquiry = new Enquiry("Ada Lovelace", "ada@example.com", null, "email", "question", null, [],
            "My back hurts.", ["retired-sign", "night-pain"]);

        using var message = EnquiryMessages.Build(MessageKind.Notification, "id-1", enquiry, DateTimeOffset.UnixEpoch,
            new ClinicProfile { Name = "Test clinic" }, new MailboxAddress("Site", "site@clinic.test"), new MailboxAddress("Inbox", "inbox@clinic.test"));

        Assert.Equal("[URGENT] Question from Ada Lovelace", message.Subject);
        Assert.StartsWith("""
            URGENT: the visitor ticked red-flag symptoms:
            Call 999 or go to A&E now:
              - retired-sign
            Call 111 or get an urgent GP appointment today:
              - Pain at night that does not ease when you rest or change position
            They were shown the advice: Call 999 or go to A&E now.
            """.ReplaceLineEndings(), message.TextBody!.ReplaceLineEndings(), StringComparison.Ordinal);
    }
}
