using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Hosting;

/// <summary>
/// Holds back start-up work that no visitor is waiting for (the search index, the editor's history
/// scan) until the site has been listening for <see cref="SiteOptions.DeferredWorkDelay"/>. On a
/// two-core machine that work would otherwise compete with the first pages served.
/// </summary>
public sealed class DeferredWork(IHostApplicationLifetime lifetime, IOptions<SiteOptions> options)
{
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (cancellationToken.Register(() => started.TrySetCanceled(cancellationToken)))
        {
            await started.Task;
        }

        if (options.Value.DeferredWorkDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.Value.DeferredWorkDelay, cancellationToken);
        }
    }
}
