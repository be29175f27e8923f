using System.Collections.Concurrent;
using FacetEducation.Web.Content;
using FacetEducation.Web.Seo;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FacetEducation.Web.Http;

/// <summary>
/// The site's static copy: every content page, exactly as it was last served for the current content
/// version and day (status, headers and compressed body), answered from memory before routing,
/// status-code pages, security headers and the page itself run. A content page is a pure function
/// of the content version, the clinic's date, the site's address and the request's
/// <c>Accept-Encoding</c>, so one rendering can be replayed byte for byte to every reader until the
/// content changes; this is what a static-site generator would produce, kept in memory. The site's
/// address is <c>Site:PublicUrl</c>, or without it the request's scheme and host
/// (<see cref="SiteUrls.BaseUrlFor"/>), so the copy is kept per address: a page rendered for a forged
/// Host header is only ever replayed to requests for that same host. Behind nginx, the pages kept
/// for the public address are also written as files that nginx serves itself (<see cref="PageFiles"/>).
/// </summary>
/// <remarks>
/// Content pages never read the query string, so the copy is keyed by path, not query: a link shared
/// with <c>?fbclid=...</c> or <c>?utm_source=...</c> gets the same page from memory.
/// Only responses of <see cref="ContentPageAttribute">content pages</see> are kept, and only a
/// complete <c>200</c> of a GET with no cookie. Their validators (<see cref="Revalidation"/>) are
/// added here too, to every page rendered, kept or not, so one rule answers every conditional request. The framework's output cache is not used:
/// it runs after routing and replays each entry through its own formatter, which costs more CPU per
/// request than this copy (the figures are in docs/performance.md).
/// </remarks>
internal sealed class StaticCopy : IDisposable
{
    /// <summary>Browsers send a handful of distinct <c>Accept-Encoding</c> values; more than this per
    /// page is someone varying the header on purpose, and is served but not kept.</summary>
    private const int MaxVariantsPerPage = 6;

    /// <summary>A bound on the memory the copy can take, far above what every page of the site takes in both encodings.</summary>
    private const long MaxBytes = 128L * 1024 * 1024;

    /// <summary>A rendering larger than this is not kept; an article's compressed page is far smaller.</summary>
    private const int MaxPageBytes = 1024 * 1024;

    /// <summary>How often the clinic's date is looked at again (scheduled posts appear at midnight).</summary>
    private static readonly TimeSpan DayCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>Headers the server writes itself for each response; never replayed from the copy.</summary>
    private static readonly HashSet<string> PerResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Server, HeaderNames.ContentLength, HeaderNames.TransferEncoding,
        HeaderNames.Connection, HeaderNames.KeepAlive,
        // HSTS is added in front of the copy to each https request, and never to plain http.
        HeaderNames.StrictTransportSecurity,
    };

    private readonly ContentStore _store;
    private readonly ClinicClock _clock;
    private readonly SiteUrls _urls;
    private readonly TimeProvider _time;
    private readonly PageFiles _files;
    private readonly ITimer? _dayCheck;
    private long _generations;
    private Generation _generation = new(0, -1, default, DateTimeOffset.MinValue);

    public StaticCopy(ContentStore store, ClinicClock clock, SiteUrls urls, TimeProvider time, PageFiles files)
    {
        _store = store;
        _clock = clock;
        _urls = urls;
        _time = time;
        _files = files;
        if (files.Enabled)
        {
            // nginx serves the files without asking the site, so the site cannot wait for a request to
            // notice a new content version or a new day: it follows both itself. Until the first page
            // is written, nginx is pointed at an empty folder (never at an earlier run's pages).
            files.Begin(_generation.Id);
            store.Reloaded += _ => CurrentGeneration();
            _dayCheck = time.CreateTimer(_ => CurrentGeneration(), null, DayCheckInterval, DayCheckInterval);
        }
    }

    public void Dispose() => _dayCheck?.Dispose();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var isGet = HttpMethods.IsGet(request.Method);
        if (!isGet && !HttpMethods.IsHead(request.Method)
            || request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            await next(context);
            return;
        }

        var generation = CurrentGeneration();
        var key = new PageKey(_urls.BaseUrlFor(request), request.Path.Value ?? "/", request.Headers.AcceptEncoding.ToString());
        if (generation.Pages.TryGetValue(key, out var page))
        {
            await ServeAsync(context, page, isGet);
            return;
        }

        await RenderAsync(context, next, generation, key, isGet);
    }

    private Generation CurrentGeneration()
    {
        // The version live now; each reload also calls this, through Reloaded.
        var version = _store.Current.Version;
        var generation = Volatile.Read(ref _generation);
        var now = _time.GetUtcNow();
        if (generation.Version == version && now.UtcTicks < generation.CheckDayAfterTicks)
        {
            return generation;
        }

        var today = _clock.Today;
        if (generation.Version == version && generation.Day == today)
        {
            generation.CheckDayAfterTicks = (now + DayCheckInterval).UtcTicks;
            return generation;
        }

        var next = new Generation(Interlocked.Increment(ref _generations), version, today, now + DayCheckInterval);
        // Whoever swaps first wins; a request that lost the race uses the winner's copy. Winners'
        // ids only grow, so the files follow the same order.
        var seen = Interlocked.CompareExchange(ref _generation, next, generation);
        if (!ReferenceEquals(seen, generation))
        {
            return seen;
        }

        _files.Begin(next.Id);
        return next;
    }

    private static Task ServeAsync(HttpContext context, Page page, bool withBody)
    {
        var response = context.Response;
        var headers = response.Headers;
        foreach (var (name, value) in page.Headers)
        {
            headers[name] = value;
        }

        if (Revalidation.IsNotModified(context.Request, page.ETag, page.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = page.Body.Length;
        return withBody ? response.Body.WriteAsync(page.Body, 0, page.Body.Length, context.RequestAborted) : Task.CompletedTask;
    }

    /// <summary>
    /// Renders the page into memory, adds its validators, keeps it (a GET only: a HEAD's body is not
    /// trusted to be the page) and then answers by the same rule as a page from the copy, so a
    /// conditional request gets the same answer whether or not the page was kept before.
    /// </summary>
    private async Task RenderAsync(HttpContext context, RequestDelegate next, Generation generation, PageKey key, bool isGet)
    {
        if (isGet && _files.Enabled && PageFiles.IsPagePath(key.Path))
        {
            // nginx revalidates its micro-cache's copy with a conditional request: answered with a
            // 304, this version of the page would never reach nginx's files until its next change.
            context.Request.Headers.IfNoneMatch = default;
            context.Request.Headers.IfModifiedSince = default;
        }

        var response = context.Response;
        var original = response.Body;
        await using var capture = new CapturingStream(original, MaxPageBytes);
        response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        if (capture.Overflowed)
        {
            return; // over the limit: sent as it was written, without validators
        }

        var body = capture.ToArray();
        if (response.StatusCode != StatusCodes.Status200OK
            || !IsContentEndpoint(context.GetEndpoint())
            || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            await original.WriteAsync(body, context.RequestAborted);
            return;
        }

        var (etag, lastModified) = Revalidation.Add(response, body, _store.Current.LastModified);
        var headers = response.Headers
            .Where(h => !PerResponseHeaders.Contains(h.Key))
            .Select(h => new KeyValuePair<string, StringValues>(h.Key, h.Value))
            .ToArray();
        var page = new Page(body, headers, etag, lastModified);
        if (isGet
            && generation.TryKeep(key, page)
            && _files.Enabled
            && response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            && PageFiles.FileName(response.Headers.ContentEncoding) is { } fileName)
        {
            // Before the response ends, so that a client that has the page can count on nginx having it.
            await _files.WriteAsync(generation.Id, key.Path, fileName, body, lastModified);
        }

        await ServeAsync(context, page, isGet);
    }

    private static bool IsContentEndpoint(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ContentPageAttribute>() is not null;

    private readonly record struct PageKey(string BaseUrl, string Path, string AcceptEncoding);

    private sealed record Page(byte[] Body, KeyValuePair<string, StringValues>[] Headers, EntityTagHeaderValue? ETag, DateTimeOffset? LastModified);

    private sealed class Generation(long id, long version, DateOnly day, DateTimeOffset checkDayAfter)
    {
        private readonly ConcurrentDictionary<string, int> _variants = new(StringComparer.Ordinal);
        private long _bytes;
        private long _checkDayAfterTicks = checkDayAfter.UtcTicks;

        public long Id { get; } = id;

        public long Version { get; } = version;

        public DateOnly Day { get; } = day;

        /// <summary>When to look at the clinic's date again; a long, so that requests on other
        /// threads never read half of an update.</summary>
        public long CheckDayAfterTicks
        {
            get => Volatile.Read(ref _checkDayAfterTicks);
            set => Volatile.Write(ref _checkDayAfterTicks, value);
        }

        public ConcurrentDictionary<PageKey, Page> Pages { get; } = new();

        public bool TryKeep(PageKey key, Page page)
        {
            if (_variants.AddOrUpdate(key.Path, 1, (_, count) => count + 1) > MaxVariantsPerPage)
            {
                return false;
            }

            if (Interlocked.Add(ref _bytes, page.Body.Length) > MaxBytes || !Pages.TryAdd(key, page))
            {
                Interlocked.Add(ref _bytes, -page.Body.Length);
                return false;
            }

            return true;
        }
    }

    /// <summary>Passes every write through to the response and keeps a copy, up to a limit.</summary>
    /// <summary>Holds what the page writes, up to a limit; past it, sends what it holds and passes
    /// the rest straight through (such a response is neither kept nor revalidated).</summary>
    private sealed class CapturingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        public bool Overflowed { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] ToArray() => _copy.ToArray();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!Overflowed && _copy.Length + buffer.Length <= limit)
            {
                _copy.Write(buffer.Span);
                return;
            }

            if (!Overflowed)
            {
                Overflowed = true;
                await inner.WriteAsync(_copy.GetBuffer().AsMemory(0, (int)_copy.Length), cancellationToken);
                _copy.SetLength(0);
            }

            await inner.WriteAsync(buffer, cancellationToken);
        }

        // Held bytes are not sent early: the headers must stay open until the validators are added.
        public override void Flush()
        {
            if (Overflowed)
            {
                inner.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            Overflowed ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _copy.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

internal static class StaticCopyExtensions
{
    /// <summary>Answers content pages from the static copy; placed first in the pipeline.</summary>
    public static IApplicationBuilder UseStaticCopy(this IApplicationBuilder app)
    {
        var pages = app.ApplicationServices.GetRequiredService<StaticCopy>();
        return app.Use(pages.InvokeAsync);
    }
}
