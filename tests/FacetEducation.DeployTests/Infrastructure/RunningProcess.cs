using System.Collections.Concurrent;
using System.Diagnostics;

namespace FacetEducation.DeployTests.Infrastructure;

/// <summary>
/// A long-running child process (the site, nginx) whose output is kept, line by line, for
/// assertions and for failure messages. Disposing ends it (SIGKILL) if it still runs.
/// </summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.StandardInput.Close();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything it printed on stdout and stderr so far, in order of arrival.</summary>
    public string Output => string.Join('\n', _output);

    public static RunningProcess Start(string name, ProcessStartInfo start) =>
        new(name, Process.Start(start) ?? throw new InvalidOperationException("Could not start " + name));

    /// <summary>Sends a signal by name (TERM, QUIT) with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        var result = await Command.RunAsync("/bin/kill", "-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Waits for it to end; false if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
