using System.Diagnostics;
using System.Globalization;

namespace FacetEducation.DeployTests.Infrastructure;

/// <summary>
/// A unit's command as systemd would start it, without systemd (it is not the first process on a
/// test machine, so no unit can be started): its <c>ExecStart</c>, as its <c>User</c> and
/// <c>Group</c> (setpriv, which execs the command, so its process id is the site's and signals
/// reach the site), in its <c>WorkingDirectory</c>, with its <c>UMask</c>, no new privileges and
/// no capabilities, and an environment made as systemd makes it: the user's HOME, USER, LOGNAME and
/// SHELL, systemd's PATH, then the <c>EnvironmentFile</c> and the <c>Environment=</c> lines.
/// The sandbox (ProtectSystem and the rest) needs systemd; <c>systemd-analyze verify</c> checks those lines.
/// </summary>
public sealed record ServiceCommand(string File, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    private const string SystemdPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The unit's command; <paramref name="arguments"/>, when given, replace ExecStart's own arguments.</summary>
    public static ServiceCommand FromUnit(SystemdUnit unit, IReadOnlyList<string>? arguments = null)
    {
        var user = unit.Service("User");
        var group = unit.Service("Group");
        var account = Account(user);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = SystemdPath,
            ["HOME"] = account.Home,
            ["USER"] = user,
            ["LOGNAME"] = user,
            ["SHELL"] = account.Shell,
        };
        foreach (var file in unit.ServiceAll("EnvironmentFile"))
        {
            foreach (var (key, value) in EnvironmentFile.Parse(System.IO.File.ReadAllText(file)))
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in unit.Environment())
        {
            environment[key] = value;
        }

        var exec = unit.ExecStart();
        var umask = unit.ServiceOrNull("UMask") ?? "0022";
        // sh sets the umask and execs setpriv, which execs the program: one process id throughout.
        List<string> words = ["-c", "umask \"$0\" && exec \"$@\"", umask, "/usr/bin/setpriv",
            "--reuid=" + user, "--regid=" + group, "--init-groups"];
        if (unit.ServiceOrNull("NoNewPrivileges") == "true")
        {
            words.Add("--no-new-privs");
        }

        if (unit.ServiceOrNull("CapabilityBoundingSet") == "")
        {
            words.Add("--bounding-set=-all");
        }

        words.Add("--");
        words.Add(exec[0]);
        words.AddRange(arguments ?? exec.Skip(1));
        return new ServiceCommand("/bin/sh", words, environment, unit.Service("WorkingDirectory"));
    }

    /// <summary>Runs it to its end (a oneshot unit, or a verb of the site).</summary>
    public Task<CommandResult> RunAsync(TimeSpan timeout) =>
        Command.RunAsync(File, Arguments, timeout, workingDirectory: WorkingDirectory,
            environment: Environment.ToDictionary(), clearEnvironment: true);

    /// <summary>Starts it; the caller reads its output and ends it.</summary>
    public ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(File)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static (string Home, string Shell) Account(string user)
    {
        var line = System.IO.File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal));
        Assert.True(line is not null, $"the unit's User={user} does not exist");
        var fields = line.Split(':');
        return (fields[5], fields[6]);
    }

    public override string ToString() =>
        string.Join(' ', Arguments.Prepend(File).Select(a => a.Contains(' ', StringComparison.Ordinal) ? "'" + a + "'" : a))
        + string.Create(CultureInfo.InvariantCulture, $" (in {WorkingDirectory})");
}
