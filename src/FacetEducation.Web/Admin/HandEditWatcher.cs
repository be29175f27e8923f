using System.Threading.Channels;
using FacetEducation.Web.Content;
using FacetEducation.Web.Hosting;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Sends a file changed by hand in <c>content/</c> to the <see cref="HandEditRecorder"/> when the
/// content store reloads, not only when the document is next opened in the editor.
/// </summary>
/// <remarks>
/// Off the request path: the content store's <see cref="ContentStore.Reloaded"/> event only keeps
/// the newest snapshot and signals a channel; this service reads it on its own, waits a moment for a
/// burst of writes to settle, and compares each file's text hash (which the store computed while
/// loading) with the one it compared last time. Only files that changed are looked at: if the newest
/// live revision has that hash, the editor wrote the file itself and nothing is recorded; otherwise
/// <see cref="EditorDocuments.RecordHandEditsAsync"/> reads the file under the editor's write lock
/// and records it. A file gone, half-written or changed again since (its hash on disk differs) is
/// looked at again after the next reload; an error is logged and never stops the service. Opening a
/// document still records anything missed.
/// <para>At start-up the first snapshot (loaded before this service starts) is compared with the
/// history in one query of hashes, without reading any file whose hash matches: a file changed while
/// the site was stopped is recorded then, and a file with no history at all gets its first version.
/// Files are recorded in batches of one transaction each (a new site over a thousand files: a thousand
/// small reads and a few writes, in the background).</para>
/// </remarks>
public sealed class HandEditWatcher(
    ContentStore store,
    EditorDocuments documents,
    RevisionStore revisions,
    DeferredWork deferred,
    ILogger<HandEditWatcher> logger) : BackgroundService
{
    /// <summary>How long to let a burst of writes settle before comparing: longer than the content
    /// store's own debounce, so a file written in pieces is compared once, whole.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Files recorded per transaction (and per hold of the editor's write lock).</summary>
    private const int Batch = 200;

    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private ContentSnapshot? _newest;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        store.Reloaded += OnReloaded;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        store.Reloaded -= OnReloaded;
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Runs on the reloading thread: keeps the newest snapshot (followers may see versions out
    /// of order) and wakes the service. Never blocks.</summary>
    private void OnReloaded(ContentSnapshot snapshot)
    {
        var current = Volatile.Read(ref _newest);
        while (current is null || snapshot.Version > current.Version)
        {
            var seen = Interlocked.CompareExchange(ref _newest, snapshot, current);
            if (ReferenceEquals(seen, current))
            {
                _signals.Writer.TryWrite(true);
                return;
            }

            current = seen;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up does not wait for the first comparison, and the first pages served do not
        // share the processor with it.
        await Task.Yield();
        IReadOnlyDictionary<string, string?>? compared = null;
        long version = 0;
        try
        {
            await deferred.WaitAsync(stoppingToken);
            if (revisions.Paused)
            {
                // Editing is paused until a restart (the database logged why); hand edits are still
                // published, and the first comparison after the restart records them.
                return;
            }

            // The snapshot loaded at start-up came before this service subscribed. An exception
            // leaving this method would stop the site, so nothing is allowed to.
            try
            {
                OnReloaded(store.Current);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Could not read the content at start-up; hand edits are recorded from the next change");
            }

            await foreach (var _ in _signals.Reader.ReadAllAsync(stoppingToken))
            {
                if (compared is not null)
                {
                    await Task.Delay(SettleDelay, stoppingToken);
                }

                var snapshot = Volatile.Read(ref _newest)!;
                if (snapshot.Version <= version)
                {
                    continue;
                }

                try
                {
                    compared = await CompareAsync(compared, snapshot, stoppingToken);
                    version = snapshot.Version;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Could not compare content version {Version} with the editor's history; trying again at the next change", snapshot.Version);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            // Only a fault outside the comparisons (each of those is caught above) reaches here; the
            // site carries on, and opening a document still records a hand edit.
            logger.LogError(ex, "Recording changes made outside the editor stopped; documents record them when opened");
        }
    }

    /// <summary>Records the files of <paramref name="snapshot"/> that changed since <paramref name="previous"/>
    /// (every file when null: the first comparison) and returns what to compare the next snapshot with.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> CompareAsync(
        IReadOnlyDictionary<string, string?>? previous, ContentSnapshot snapshot, CancellationToken cancellationToken)
    {
        var next = new Dictionary<string, string?>(snapshot.Files, StringComparer.Ordinal);
        var changed = snapshot.Files
            .Where(f => f.Value is not null && (previous is null || previous.GetValueOrDefault(f.Key) != f.Value))
            .ToList();
        if (changed.Count == 0)
        {
            return next;
        }

        var live = await revisions.LiveHashesAsync(cancellationToken);
        var seen = new List<(DocumentId Id, string SeenHash)>();
        foreach (var (path, hash) in changed)
        {
            // The same text as the newest live revision: the editor's own write, or recorded already.
            if ((!live.TryGetValue(path, out var liveHash) || liveHash != hash) && DocumentId.TryFromRelativePath(path, out var id))
            {
                seen.Add((id, hash!));
            }
        }

        foreach (var batch in seen.Chunk(Batch))
        {
            try
            {
                foreach (var unsettled in await documents.RecordHandEditsAsync(batch, cancellationToken))
                {
                    next[unsettled.RelativePath] = null; // compare again after the next reload
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not record {Count} change(s) made outside the editor, from {Path}; each is recorded when next opened", batch.Length, batch[0].Id.RelativePath);
                foreach (var (id, _) in batch)
                {
                    next[id.RelativePath] = null;
                }
            }
        }

        return next;
    }
}
