using AngleSharp.Dom;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Enquiries;

/// <summary>What a visitor sees on /contact before sending anything.</summary>
public sealed class ContactPageTests
{
    [Fact]
    public async Task Contact_page_shows_the_emergency_warning_then_clinic_details_then_the_form()
    {
        await using var site = new EnquiryFactory();
        var page = await Send.GetPageAsync(site.Client());
        var main = page.QuerySelector("main")!;

        var warning = main.QuerySelector(".emergency-warning")!;
        var details = main.QuerySelector(".contact-details")!;
        var form = main.QuerySelector("form.enquiry-form")!;
        Assert.True(warning.CompareDocumentPosition(details).HasFlag(DocumentPositions.Following));
        Assert.True(details.CompareDocumentPosition(form).HasFlag(DocumentPositions.Following));
        Assert.Contains("999", warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("NHS 111", warning.TextContent, StringComparison.Ordinal);

        Assert.Equal("tel:01632960123", details.QuerySelector("a[href^='tel:']")!.GetAttribute("href"));
        Assert.Equal("mailto:enquiries@example.org", details.QuerySelector("a[href^='mailto:']")!.GetAttribute("href"));
        Assert.Contains("Scaldwell, Northamptonshire", details.TextContent, StringComparison.Ordinal);
        Assert.Contains("same working day", details.TextContent, StringComparison.Ordinal);
        Assert.Contains("09:00 to 14:30", details.QuerySelector("table.hours")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("head link[rel=stylesheet][href*='forms']"));
    }

    [Fact]
    public async Task Every_field_has_a_label_groups_have_legends_and_personal_fields_autocomplete()
    {
        await using var site = new EnquiryFactory();
        var page = await Send.GetPageAsync(site.Client());
        var form = page.QuerySelector("form.enquiry-form")!;

        foreach (var input in form.QuerySelectorAll("input:not([type=hidden]), textarea"))
        {
            Assert.True(page.QuerySelector($"label[for='{input.Id}']") is not null, $"no label for #{input.Id}");
        }

        foreach (var choice in form.QuerySelectorAll("input[type=radio], input[type=checkbox]"))
        {
            var group = choice.Closest("fieldset");
            Assert.True(group?.QuerySelector("legend") is not null, $"#{choice.Id} is not in a fieldset with a legend");
        }

        Assert.Equal("name", form.QuerySelector("#name")!.GetAttribute("autocomplete"));
        Assert.Equal("email", form.QuerySelector("#email")!.GetAttribute("autocomplete"));
        Assert.Equal("tel", form.QuerySelector("#phone")!.GetAttribute("autocomplete"));
        Assert.Equal("email-hint", form.QuerySelector("#email")!.GetAttribute("aria-describedby"));
        Assert.Null(form.QuerySelector("#consent")!.GetAttribute("checked"));
        Assert.Equal("/privacy", form.QuerySelector("#consent-hint a")!.GetAttribute("href"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        // The CSP forbids inline script and style, so the page has none.
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.Empty(page.QuerySelectorAll("script:not([src]):not([type='application/ld+json'])"));
    }

    [Fact]
    public async Task Booking_times_are_offered_only_within_the_current_opening_hours()
    {
        await using var site = new EnquiryFactory();
        var client = site.Client();
        var page = await Send.GetPageAsync(client);

        var offered = page.QuerySelectorAll("input[name=preferredTimes]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(15, offered.Count);
        Assert.Equal("Wednesday 09:00", offered[0]);
        Assert.Contains("Friday 13:00", offered);
        Assert.DoesNotContain(offered, t => t!.StartsWith("Monday", StringComparison.Ordinal) || t.EndsWith("14:00", StringComparison.Ordinal));

        // The clinician changes the hours: the next request offers the new ones, and the API agrees.
        var clinicFile = Path.Combine(site.ContentPath, "clinic.yml");
        var yaml = await File.ReadAllTextAsync(clinicFile);
        await File.WriteAllTextAsync(clinicFile, yaml.Replace("openingHours:            # days not listed are closed", "openingHours:\n  - day: Monday\n    opens: \"17:00\"\n    closes: \"19:00\"", StringComparison.Ordinal));
        site.Services.GetRequiredService<ContentStore>().Reload();

        page = await Send.GetPageAsync(client);
        offered = page.QuerySelectorAll("input[name=preferredTimes]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(["Monday 17:00", "Monday 18:00"], offered.Take(2));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await Send.JsonAsync(client, b => b["preferredTimes"] = new[] { "Monday 18:00" })).StatusCode);
    }

    [Fact]
    public async Task Red_flag_choices_are_grouped_under_999_or_a_and_e_now_and_under_111_or_a_gp_today()
    {
        await using var site = new EnquiryFactory();
        var page = await Send.GetPageAsync(site.Client());

        var groups = page.QuerySelectorAll("fieldset.fieldset--red-flags");
        Assert.Equal(2, groups.Length);
        Assert.Equal("Call 999 or go to A&E now if you have back or neck pain and any of these:", groups[0].QuerySelector("legend")!.TextContent.Trim());
        Assert.Equal("Call 111 or get an urgent GP appointment today if you have any of these:", groups[1].QuerySelector("legend")!.TextContent.Trim());
        string?[] Values(AngleSharp.Dom.IElement group) => [.. group.QuerySelectorAll("input[name=redFlags]").Select(i => i.GetAttribute("value"))];
        var now = Values(groups[0]);
        var today = Values(groups[1]);

        // The four values the form offered before the split are still offered, under 999.
        Assert.Superset(new HashSet<string?> { "bladder-bowel", "saddle-numbness", "limb-weakness", "fall-or-accident" }, now.ToHashSet());
        Assert.Contains("chest-pain", now);
        Assert.Contains("night-pain", today);
        Assert.Contains("clumsy-hands", today);
        Assert.Empty(now.Intersect(today));
        Assert.Equal(page.QuerySelectorAll("input[name=redFlags]").Length, now.Length + today.Length);
        // The error summary links to #redFlags: the first sign.
        Assert.Equal("redFlags", groups[0].QuerySelector("input")!.Id);
        Assert.Equal("You cannot pee, it is hard to start peeing, or it feels different when you pee",
            page.QuerySelector("label[for='redFlags-peeing-problems']")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("?advice=unknown")]
    [InlineData("?advice=Immediate")]
    [InlineData("?advice=info")]
    [InlineData("?advice=")]
    public async Task Thank_you_page_with_an_advice_value_it_does_not_know_is_the_plain_thank_you(string query)
    {
        await using var site = new EnquiryFactory();
        var page = await Send.GetPageAsync(site.Client(), "/contact/thank-you" + query);

        Assert.Equal("Thank you, we have your enquiry", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(page.QuerySelector(".urgent-advice"));
    }
}
