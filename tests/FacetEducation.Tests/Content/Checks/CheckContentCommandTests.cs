using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Tests.Content.Checks;

/// <summary>The verb <c>check-content</c> over a content folder.</summary>
public sealed class CheckContentCommandTests
{
    [Fact]
    public async Task Check_content_passes_the_shipped_content()
    {
        var output = new StringWriter();

        var exitCode = await CheckContentCommand.RunAsync([$"--Content:Path={TestContent.ShippedContentPath}"], output);

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

            var exitCode = await CheckContentCommand.RunAsync([$"--Content:Path={folder}"], output);

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
}
