using FacetEducation.Web.Admin;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Data;

namespace FacetEducation.Web.Hosting;

/// <summary>
/// The site's command-line verbs, run instead of the web server; each verb's work lives in its feature:
/// <list type="bullet">
/// <item><c>hash-password</c>: the hash of an editor's password (<see cref="HashPasswordCommand"/>);</item>
/// <item><c>check-content [--rules]</c>: the content rules over <c>content/</c>, for CI (<see cref="CheckContentCommand"/>);</item>
/// <item><c>backup DIR [--keep N]</c> and <c>restore BACKUP-FOLDER</c>: the data folder, and the shared database with <c>Data:Provider=Postgres</c> (<see cref="DataCommands"/>).</item>
/// </list>
/// </summary>
public static class SiteCommands
{
    /// <summary>Runs the verb named by <paramref name="args"/>[0], if any, and sets the exit code; false means "start the site".</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "hash-password":
                Environment.ExitCode = HashPasswordCommand.Run(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);
                return true;
            case "check-content" when args.Contains("--rules"):
                CheckContentCommand.PrintRules(Console.Out);
                return true;
            case "check-content":
                Environment.ExitCode = await CheckContentCommand.RunAsync(args[1..], Console.Out);
                return true;
            case "backup" or "restore":
                Environment.ExitCode = DataCommands.Run(args, Console.Out, Console.Error, TimeProvider.System);
                return true;
            default:
                return false;
        }
    }
}
