using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Content;

/// <summary>The clinic's company disclosure, WhatsApp number and professional bodies, from the
/// shipped <c>content/clinic.yml</c> and pages, as a visitor reads them; and a clinic.yml with a
/// malformed setting, which keeps the last good profile and says what to fix.</summary>
public sealed class ClinicProfileTests : IDisposable
{
    private const string Disclosure =
        "Chris Heywood Physio Ltd, registered in England and Wales, company number 12948445. Registered office: Scaldwell, Northamptonshire.";

    private readonly SiteFactory _site = new();

    public void Dispose() => _site.Dispose();

    private ContentStore Store => _site.Services.GetRequiredService<ContentStore>();

    /// <summary>Replaces the file whole (written beside it, then renamed over it): the watcher never
    /// reads it half written, when an empty profile would count as the last good one.</summary>
    private static async Task ReplaceAsync(string path, string text)
    {
        var written = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
        await File.WriteAllTextAsync(written, text);
        File.Move(written, path, overwrite: true);
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("/")]
    [InlineData("/contact")]
    [InlineData("/privacy")]
    public async Task Every_page_footer_names_the_company_its_number_and_registered_office(string url)
    {
        var (_, doc) = await _site.CreateClient().GetPageAsync(url);

        Assert.Equal(Disclosure, Words(doc.QuerySelector("footer .site-footer__company")!.TextContent));
    }

    [Fact]
    public async Task The_footer_follows_an_edit_of_the_company_in_clinic_yml()
    {
        var client = _site.CreateClient();
        var path = Path.Combine(_site.ContentPath, "clinic.yml");
        var yaml = await File.ReadAllTextAsync(path);
        await ReplaceAsync(path, yaml.Replace("registeredOffice: Scaldwell, Northamptonshire", "registeredOffice: 1 High Street, Northampton", StringComparison.Ordinal));
        Store.Reload();

        var (_, doc) = await client.GetPageAsync("/");
        Assert.EndsWith("Registered office: 1 High Street, Northampton.", Words(doc.QuerySelector("footer .site-footer__company")!.TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_privacy_notice_names_the_company_of_clinic_yml_as_the_data_controller()
    {
        // The notice is Markdown and cannot read clinic.yml: the shipped two agree (and the
        // data-controller rule warns a clinician who changes one of them).
        var company = Store.Current.Clinic.Company?.Name!;
        Assert.Equal("Chris Heywood Physio Ltd", company);

        var (_, doc) = await _site.CreateClient().GetPageAsync("/privacy");
        var controller = Assert.Single(doc.QuerySelectorAll("main p"), p => p.TextContent.Contains("data controller", StringComparison.Ordinal));
        Assert.Contains(company, Words(controller.TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_content_warns_when_the_privacy_notice_no_longer_names_the_company_of_clinic_yml()
    {
        var folder = Directory.CreateTempSubdirectory("facet-company-").FullName;
        try
        {
            TestContent.CopyDirectory(TestContent.ShippedContentPath, folder);
            async Task<string[]> CheckAsync()
            {
                var output = new StringWriter();
                await CheckContentCommand.RunAsync([$"--Content:Path={folder}"], output);
                return [.. output.ToString().Split('\n', StringSplitOptions.TrimEntries).Where(l => l.EndsWith($"[{ContentRules.DataController.Name}]", StringComparison.Ordinal))];
            }

            Assert.Empty(await CheckAsync());

            // The company is renamed in clinic.yml, and the privacy notice is not.
            var clinic = Path.Combine(folder, "clinic.yml");
            await File.WriteAllTextAsync(clinic, (await File.ReadAllTextAsync(clinic)).Replace("name: Chris Heywood Physio Ltd", "name: Heywood Spinal Care Ltd", StringComparison.Ordinal));

            var warning = Assert.Single(await CheckAsync());
            Assert.Equal("pages/privacy.md: warning: The privacy notice does not name Heywood Spinal Care Ltd, the company in clinic.yml: name it as the data controller (\"Heywood Spinal Care Ltd is responsible for ...\"), or correct the company's name in clinic.yml. [data-controller]", warning);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_editor_shows_the_data_controller_warning_and_still_publishes_the_notice()
    {
        var path = Path.Combine(_site.ContentPath, "clinic.yml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("name: Chris Heywood Physio Ltd", "name: Heywood Spinal Care Ltd", StringComparison.Ordinal));
        Store.Reload();
        var privacy = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "pages", "privacy.md"));

        var report = ContentChecks.Run(ArticleKind.Page, ContentChecks.PrivacyNotice, privacy, CheckContext.For(Store, _site.Services.GetRequiredService<ClinicClock>()));

        var finding = Assert.Single(report.Findings, f => f.Rule == ContentRules.DataController);
        Assert.Equal(FindingLevel.Warning, finding.Level);
        Assert.NotNull(report.Article);
        var (response, _) = await _site.CreateClient().GetPageAsync("/privacy");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/contact", ".contact-details")]
    [InlineData("/about", ".clinic-details")]
    [InlineData("/", "footer")]
    public async Task WhatsApp_is_offered_beside_the_phone_as_a_wa_me_link_of_the_profile_number(string url, string where)
    {
        var (_, doc) = await _site.CreateClient().GetPageAsync(url);
        var block = doc.QuerySelector(where)!;

        Assert.NotNull(block.QuerySelector("a[href='tel:01632960123']"));
        var link = Assert.Single(block.QuerySelectorAll("a[href^='https://wa.me/']"));
        Assert.Equal("https://wa.me/447700900123", link.GetAttribute("href"));
        Assert.Contains("+44 7700 900123", link.TextContent, StringComparison.Ordinal);
        if (where != "footer")
        {
            Assert.Contains("The phone is on silent during clinic sessions, so a WhatsApp message or an email is often quicker than a call.",
                Words(block.TextContent), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_about_page_names_the_professional_bodies_without_a_registration_number()
    {
        var (_, doc) = await _site.CreateClient().GetPageAsync("/about");
        var article = Words(doc.QuerySelector("main article, main")!.TextContent);

        Assert.Contains("Health and Care Professions Council", article, StringComparison.Ordinal);
        Assert.Contains("Chartered Society of Physiotherapy", article, StringComparison.Ordinal);
        Assert.Contains("Physio First", article, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b(PH|HCPC ?)\d{5,}", article);
    }

    [Theory]
    [InlineData("whatsapp: +44 7700 900123", "whatsapp: 07700 900123",
        "'whatsapp' must be a mobile number in international form: a plus, the country code and the number, with spaces if you like, such as \"+44 7700 900123\". It is '07700 900123'.")]
    [InlineData("whatsapp: +44 7700 900123", "whatsapp: \"+44 7700 WHATSAPP\"",
        "'whatsapp' must be a mobile number in international form")]
    [InlineData("number: \"12948445\"", "number: \"1294844\"",
        "'company' 'number' must be the 8-character company number from Companies House: 8 digits (such as \"01234567\"), or two capital letters and 6 digits (such as \"SC123456\"). It is '1294844'.")]
    [InlineData("  registeredOffice: Scaldwell, Northamptonshire\n", "",
        "'company' needs its 'registeredOffice': the registered office address, as Companies House has it.")]
    [InlineData("  name: Chris Heywood Physio Ltd\n", "",
        "'company' needs its 'name'")]
    public async Task A_malformed_setting_keeps_the_last_good_profile_and_says_what_to_fix(string setting, string malformed, string message)
    {
        var client = _site.CreateClient();
        var path = Path.Combine(_site.ContentPath, "clinic.yml");
        var yaml = await File.ReadAllTextAsync(path);
        Assert.Contains(setting, yaml, StringComparison.Ordinal);
        // The good profile is loaded first (start-up loads content in the background, and a first
        // load that read the broken file would have no last good profile to keep).
        Assert.NotNull(Store.Current.Clinic.WhatsApp);

        await ReplaceAsync(path, yaml.Replace(setting, malformed, StringComparison.Ordinal));
        var snapshot = Store.Reload();

        var error = Assert.Single(snapshot.Errors, e => e.File == "clinic.yml");
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        // The last good profile stays: the page is whole, with the number and the company as they were.
        var (response, doc) = await client.GetPageAsync("/contact");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://wa.me/447700900123", doc.QuerySelector("footer a[href^='https://wa.me/']")!.GetAttribute("href"));
        Assert.Equal(Disclosure, Words(doc.QuerySelector("footer .site-footer__company")!.TextContent));
    }
}
