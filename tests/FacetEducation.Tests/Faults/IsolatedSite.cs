using System.Diagnostics;
using System.Globalization;
using System.Text;
using FacetEducation.Tests.Infrastructure;

namespace FacetEducation.Tests.Faults;

/// <summary>
/// The built site as a real process in a mount namespace of its own (<c>unshare -m</c>), whose data
/// folder is a small tmpfs that only that process sees: the disk can be filled without touching the
/// machine's. Needs root (the tests run as root) and a kernel that allows mount namespaces.
/// </summary>
internal sealed class IsolatedSite : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private IsolatedSite(string root, int port, Process process)
    {
        Root = root;
        Port = port;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string Root { get; }

    public int Port { get; }

    public string DataPath => Path.Combine(Root, "data");

    public HttpClient Client { get; }

    /// <summary>Everything the site wrote to its console (its log).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Null when a tmpfs can be mounted in a mount namespace of our own; otherwise why not.</summary>
    public static string? WhyCannotMount()
    {
        var folder = Directory.CreateTempSubdirectory("facet-mount-check-").FullName;
        try
        {
            var (code, output) = Run("unshare", "-m", "sh", "-c", $"mount -t tmpfs -o size=1m tmpfs '{folder}'");
            return code == 0 ? null : $"'unshare -m' with a tmpfs mount failed here (exit {code}: {output.Trim()}); it needs root and mount namespaces";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"unshare cannot be run here ({ex.Message})";
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    /// <summary>Starts the site over a copy of the shipped content, its data folder on a tmpfs of <paramref name="megabytes"/> MB.</summary>
    public static async Task<IsolatedSite> StartAsync(int port, int megabytes, IReadOnlyDictionary<string, string> settings)
    {
        var root = Directory.CreateTempSubdirectory("facet-isolated-").FullName;
        TestContent.CopyDirectory(TestContent.ShippedContentPath, Path.Combine(root, "content"));
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        var site = Path.Combine(AppContext.BaseDirectory, "FacetEducation.Web.dll");
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo("unshare")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-m", "sh", "-c",
            $"mount -t tmpfs -o size={megabytes}m tmpfs '{data}' && exec '{dotnet}' '{site}' --urls http://127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Content__Path"] = Path.Combine(root, "content");
        start.Environment["Data__Path"] = data;
        start.Environment["Site__DeferredWorkDelay"] = "00:00:00";
        start.Environment["Content__Watch"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var isolated = new IsolatedSite(root, port, Process.Start(start)!);
        await isolated.WaitUntilServingAsync();
        return isolated;
    }

    /// <summary>Fills the data folder's tmpfs to the last byte, from inside the site's mount namespace.</summary>
    public void FillDisk()
    {
        var (code, output) = Run("nsenter", "-t", _process.Id.ToString(CultureInfo.InvariantCulture), "-m",
            "sh", "-c", $"cat /dev/zero > '{Path.Combine(DataPath, "filler")}'; df -k '{DataPath}'");
        Assert.True(code == 0, $"could not fill the disk: {output}");
        Assert.Contains("100%", output, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it.
        }
    }

    private async Task WaitUntilServingAsync()
    {
        var served = await HttpExtensions.EventuallyAsync(async () =>
        {
            if (_process.HasExited)
            {
                return true;
            }

            try
            {
                return (await Client.GetAsync(new Uri("/", UriKind.Relative))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeoutMs: 60_000);
        Assert.True(served && !_process.HasExited, $"the site did not start:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
