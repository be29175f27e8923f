using FacetEducation.Web.Data;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Enquiries;

/// <summary>The data folder and what lives in it, resolved once and created at start.</summary>
internal sealed class EnquiryPaths
{
    public EnquiryPaths(IOptions<EnquiryOptions> options, IOptions<DataOptions> data, IHostEnvironment environment)
    {
        Data = Resolve(options.Value, data.Value, environment.ContentRootPath);
        try
        {
            Directory.CreateDirectory(Data);
            Directory.CreateDirectory(Pickup);
            Directory.CreateDirectory(Keys);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not fatal: the store reports the folder (and pauses enquiries), the data-protection
            // keys fall back to memory, and the public pages go on.
        }
    }

    public string Data { get; }

    /// <summary>Enquiries:DataPath when set, else the site's one data folder (Data:Path, default data/).</summary>
    public static string Resolve(EnquiryOptions options, DataOptions data, string contentRoot) =>
        string.IsNullOrWhiteSpace(options.DataPath) ? data.Resolve(contentRoot) : Path.GetFullPath(options.DataPath, contentRoot);

    public string Database => Path.Combine(Data, "enquiries.db");

    public string Pickup => Path.Combine(Data, "pickup");

    public string Keys => Path.Combine(Data, "keys");
}

/// <summary>Wakes the sender when an enquiry is stored; the sender also polls, so a lost wake-up only delays.</summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the sender will look at the whole outbox anyway.
        }
    }

    /// <summary>Waits for a wake-up or the timeout (on the given clock, so tests can move it); true when woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _signal.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
