namespace FacetEducation.Tests.Infrastructure;

/// <summary>
/// The site's clock (the real one, or a <c>FakeTimeProvider</c> the test moves) that tells a test
/// when a background service starts a timer on it. A service that starts a timer for its idle wait
/// has finished the round before it, so waiting for that timer is waiting for the round: it returns
/// as soon as the round is done, however long that takes, instead of sleeping and hoping.
/// </summary>
public sealed class ObservedClock(TimeProvider inner) : TimeProvider
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _started = [];
    private readonly List<Waiter> _waiters = [];

    /// <summary>How many timers were started so far: pass it to <see cref="WaitForTimersAsync"/> to
    /// wait for timers started after this moment.</summary>
    public int TimersStarted
    {
        get
        {
            lock (_lock)
            {
                return _started.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            _started.Add(dueTime);
            foreach (var waiter in _waiters.Where(w => Count(w.DueTime, w.After) >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return timer;
    }

    /// <summary>Returns once <paramref name="count"/> timers of <paramref name="dueTime"/> were started
    /// after the first <paramref name="after"/> timers; fails the test after 20 seconds.</summary>
    public async Task WaitForTimersAsync(TimeSpan dueTime, int after, int count = 1)
    {
        var waiter = new Waiter(dueTime, after, count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            if (Count(dueTime, after) >= count)
            {
                return;
            }

            _waiters.Add(waiter);
        }

        try
        {
            await waiter.Done.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                Assert.Fail($"Timed out: {Count(dueTime, after)} of {count} timers of {dueTime} started after timer {after}; "
                    + $"timers started since: {string.Join(", ", _started.Skip(after))}");
            }
        }
    }

    private int Count(TimeSpan dueTime, int after) => _started.Skip(after).Count(d => d == dueTime);

    private sealed record Waiter(TimeSpan DueTime, int After, int Count, TaskCompletionSource Done);
}
