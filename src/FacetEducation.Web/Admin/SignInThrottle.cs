using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Slows password guessing without ever locking the clinician out. Two rules:
/// <list type="bullet">
/// <item>Per address: after <see cref="EditorOptions.FailuresBeforeDelay"/> tries without a
/// success, each further try from that address must wait 1 second, then 2, 4 ... up to
/// <see cref="EditorOptions.MaxSignInDelayMinutes"/>. A try that comes too early is refused before
/// the password is looked at, so it costs no hashing. A success resets the address.</item>
/// <item>Per account: beyond <see cref="EditorOptions.AccountFailuresPerHour"/> failures in the last
/// hour from all addresses together, every sign-in at that account is held for
/// <see cref="EditorOptions.AccountDelaySeconds"/> before its password is checked: slower, never
/// refused, so the clinician on another address still gets in.</item>
/// </list>
/// The state is in memory and bounded: at most <see cref="Capacity"/> addresses (the oldest are
/// forgotten first, and any idle for a day) and one entry per configured account plus one shared by
/// every unknown user name, so nothing a visitor types is kept and a restart forgets it all (an
/// attacker cannot restart the site; the editor runs as one instance). An IPv6 address counts by its
/// /64 network, which one subscriber usually holds whole.
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<EditorOptions> options, TimeProvider time)
{
    /// <summary>The most addresses remembered: about 100 bytes each.</summary>
    public const int DefaultCapacity = 10_000;

    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, AddressState> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public int Capacity { get; init; } = DefaultCapacity;

    /// <summary>How many addresses are remembered now.</summary>
    public int AddressCount
    {
        get
        {
            lock (_gate)
            {
                return _addresses.Count;
            }
        }
    }

    /// <summary>
    /// Starts a try from <paramref name="address"/>: null when it may go ahead (it is counted as a
    /// failure until <see cref="Succeeded"/> says otherwise, so concurrent tries are counted too),
    /// or how long it must still wait.
    /// </summary>
    public TimeSpan? TryBegin(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var o = options.CurrentValue;
        var key = Key(address);
        lock (_gate)
        {
            if (!_addresses.TryGetValue(key, out var state))
            {
                MakeRoom(now);
                state = new AddressState();
                _addresses[key] = state;
            }

            if (state.NextAllowed > now)
            {
                return state.NextAllowed - now;
            }

            state.Tries++;
            state.LastTry = now;
            if (state.Tries >= o.FailuresBeforeDelay)
            {
                var doublings = Math.Min(state.Tries - o.FailuresBeforeDelay, 30);
                var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, doublings), o.MaxSignInDelayMinutes * 60.0));
                state.NextAllowed = now + wait;
            }

            return null;
        }
    }

    /// <summary>The right password from <paramref name="address"/>: its count starts again.</summary>
    public void Succeeded(IPAddress? address)
    {
        lock (_gate)
        {
            _addresses.Remove(Key(address));
        }
    }

    /// <summary>How long to hold a sign-in at <paramref name="accountUserName"/> (null: a user name
    /// that is not configured) before checking its password; zero while it is under its hourly budget.</summary>
    public TimeSpan AccountDelay(string? accountUserName)
    {
        var o = options.CurrentValue;
        lock (_gate)
        {
            return _accounts.TryGetValue(accountUserName ?? "", out var failures) && Recent(failures) >= o.AccountFailuresPerHour
                ? TimeSpan.FromSeconds(o.AccountDelaySeconds)
                : TimeSpan.Zero;
        }
    }

    /// <summary>A wrong password at <paramref name="accountUserName"/> (null: an unknown user name).</summary>
    public void Failed(string? accountUserName)
    {
        var limit = options.CurrentValue.AccountFailuresPerHour;
        lock (_gate)
        {
            var key = accountUserName ?? "";
            if (!_accounts.TryGetValue(key, out var failures))
            {
                failures = new Queue<DateTimeOffset>();
                _accounts[key] = failures;
            }

            Recent(failures);
            failures.Enqueue(time.GetUtcNow());
            // Only "at least the limit within the hour" matters, which the newest `limit` times tell.
            while (failures.Count > limit)
            {
                failures.Dequeue();
            }
        }
    }

    /// <summary>Drops failures older than an hour and counts the rest.</summary>
    private int Recent(Queue<DateTimeOffset> failures)
    {
        var since = time.GetUtcNow() - Hour;
        while (failures.TryPeek(out var oldest) && oldest < since)
        {
            failures.Dequeue();
        }

        return failures.Count;
    }

    /// <summary>Keeps the address table under <see cref="Capacity"/>: idle addresses go first, then
    /// the tenth that tried longest ago (in one pass, so a flood of new addresses costs little).</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (_addresses.Count < Capacity)
        {
            return;
        }

        foreach (var (key, state) in _addresses)
        {
            if (now - state.LastTry > ForgetAfter && state.NextAllowed <= now)
            {
                _addresses.Remove(key);
            }
        }

        if (_addresses.Count < Capacity)
        {
            return;
        }

        var oldest = _addresses.OrderBy(a => a.Value.LastTry).Take(Math.Max(1, Capacity / 10)).Select(a => a.Key).ToList();
        foreach (var key in oldest)
        {
            _addresses.Remove(key);
        }
    }

    /// <summary>IPv4 as it is; IPv6 by its /64 network; no address (a test server) as one.</summary>
    private static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "none";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes).ToString();
    }

    private sealed class AddressState
    {
        public int Tries { get; set; }

        public DateTimeOffset NextAllowed { get; set; }

        public DateTimeOffset LastTry { get; set; }
    }
}
