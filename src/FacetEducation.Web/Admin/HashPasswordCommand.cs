using Microsoft.AspNetCore.Identity;

namespace FacetEducation.Web.Admin;

/// <summary>
/// The verb <c>hash-password</c>: reads a password (hidden at a terminal, one line when piped) and
/// prints the hash to put in <c>Editor:Accounts:N:PasswordHash</c>. Exit code 1 for a short password.
/// </summary>
internal static class HashPasswordCommand
{
    internal static int Run(TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (interactive)
        {
            error.Write("Password (not shown): ");
        }

        var password = interactive ? ReadHidden() : input.ReadLine();
        if (interactive)
        {
            error.WriteLine();
        }

        if (PasswordRule.Problem(password) is { } problem)
        {
            error.WriteLine(problem);
            return 1;
        }

        output.WriteLine(new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), password!));
        return 0;
    }

    private static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
