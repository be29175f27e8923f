using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Identity;

namespace FacetEducation.Tests.Admin;

/// <summary>The verb <c>hash-password</c>.</summary>
public sealed class HashPasswordCommandTests
{
    [Fact]
    public void Hash_password_prints_a_hash_the_framework_verifies_and_refuses_short_passwords()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, HashPasswordCommand.Run(new StringReader("a good long password\n"), output, error, interactive: false));
        var hash = output.ToString().Trim();
        Assert.Equal(PasswordVerificationResult.Success,
            new PasswordHasher<EditorAccount>().VerifyHashedPassword(new EditorAccount(), hash, "a good long password"));

        Assert.Equal(1, HashPasswordCommand.Run(new StringReader("short\n"), new StringWriter(), error, interactive: false));
        Assert.Contains("at least", error.ToString(), StringComparison.Ordinal);
    }
}
