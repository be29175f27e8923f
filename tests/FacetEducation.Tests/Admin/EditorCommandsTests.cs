using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Identity;

namespace FacetEducation.Tests.Admin;

/// <summary>The site's command-line verbs: <c>check-content</c> over a content folder and <c>hash-password</c>.</summary>
public sealed class EditorCommandsTests
{
    [Fact]
    public async Task Check_content_passes_the_shipped_content()
    {
        var output = new StringWriter();

        var exitCode = await EditorCommands.CheckContentAsync([$"--Content:Path={TestContent.ShippedContentPath}"], output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("0 error(s)", output.ToString(), StringComparison.Ordinal);
        // No clinician has signed the shipped articles off: a warning each, which does not fail CI.
        Assert.Contains("conditions/facet-joint-pain.md: warning: Awaiting its first review", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("conditions/spinal-anatomy-explained.md: warning: Awaiting its first review", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_content_prints_file_line_and_level_and_fails_on_errors()
    {
        var folder = Directory.CreateTempSubdirectory("facet-check-").FullName;
        try
        {
            TestContent.CopyDirectory(TestContent.ShippedContentPath, folder);
            var bad = TestContent.Condition("Bad", "## A\n\n#### Skipped\n", withCareCards: false);
            await File.WriteAllTextAsync(Path.Combine(folder, "conditions", "bad.md"), bad);
            var output = new StringWriter();

            var exitCode = await EditorCommands.CheckContentAsync([$"--Content:Path={folder}"], output);

            Assert.Equal(1, exitCode);
            Assert.Contains($"conditions/bad.md:{TestContent.LineOf(bad, "#### Skipped")}: error: The heading 'Skipped' skips a level", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("conditions/bad.md: error: Every condition article needs an immediate card", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("conditions/bad.md: error: Every condition article needs an urgent card", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Hash_password_prints_a_hash_the_framework_verifies_and_refuses_short_passwords()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, EditorCommands.HashPassword(new StringReader("a good long password\n"), output, error, interactive: false));
        var hash = output.ToString().Trim();
        Assert.Equal(PasswordVerificationResult.Success,
            new PasswordHasher<EditorAccount>().VerifyHashedPassword(new EditorAccount(), hash, "a good long password"));

        Assert.Equal(1, EditorCommands.HashPassword(new StringReader("short\n"), new StringWriter(), error, interactive: false));
        Assert.Contains("at least", error.ToString(), StringComparison.Ordinal);
    }
}
