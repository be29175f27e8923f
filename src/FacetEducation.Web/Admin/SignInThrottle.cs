using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FacetEducation.Web.Data;
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
/// The counts are in the editor's database (<see cref="IEditorDatabase"/>: tables
/// <c>sign_in_addresses</c> and <c>sign_in_account_failures</c>), on either engine, so on PostgreSQL
/// a guesser who is made to wait by one instance waits on every other, and a restart forgets
/// nothing. They are bounded: at most <see cref="Capacity"/> addresses (the oldest are forgotten
/// first, and any idle for a day) and, per configured account plus one key shared by every unknown
/// user name, the last hour's failures up to the limit, so nothing a visitor types is kept. An IPv6
/// address counts by its /64 network, which one subscriber usually holds whole.
/// </summary>
public sealed class SignInThrottle(IEditorDatabase database, IOptionsMonitor<EditorOptions> options, TimeProvider time)
{
    /// <summary>The most addresses remembered: about 100 bytes each.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>Tries of one address that meet another request's change of the same row in a row before giving up (and asking it to wait a second).</summary>
    private const int MaxRaces = 20;

    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public int Capacity { get; init; } = DefaultCapacity;

    /// <summary>How many addresses are remembered now.</summary>
    public async Task<int> CountAddressesAsync()
    {
        await using var connection = database.Open();
        return (int)await ScalarAsync(connection, "SELECT COUNT(*) FROM sign_in_addresses");
    }

    /// <summary>
    /// Starts a try from <paramref name="address"/>: null when it may go ahead (it is counted as a
    /// failure until <see cref="SucceededAsync"/> says otherwise, so concurrent tries are counted too),
    /// or how long it must still wait.
    /// </summary>
    public async Task<TimeSpan?> TryBeginAsync(IPAddress? address)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var o = options.CurrentValue;
        var key = Key(address);
        await using var connection = database.Open();
        for (var race = 0; race < MaxRaces; race++)
        {
            long? tries = null;
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT tries, next_allowed FROM sign_in_addresses WHERE address = @address";
                Sql.Set(read, "@address", key);
                await using var reader = await read.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    var nextAllowed = Sql.Int64(reader, 1);
                    if (nextAllowed > now)
                    {
                        return TimeSpan.FromMilliseconds(nextAllowed - now);
                    }

                    tries = Sql.Int64(reader, 0);
                }
            }

            var counted = (tries ?? 0) + 1;
            var next = 0L;
            if (counted >= o.FailuresBeforeDelay)
            {
                var doublings = Math.Min(counted - o.FailuresBeforeDelay, 30);
                next = now + (long)(Math.Min(Math.Pow(2, doublings), o.MaxSignInDelayMinutes * 60.0) * 1000);
            }

            if (tries is null)
            {
                await MakeRoomAsync(connection, now);
            }

            // Written only if nobody changed the row since it was read (another request, another
            // instance): otherwise it is read again, so no try goes uncounted.
            await using var write = connection.CreateCommand();
            write.CommandText = tries is null
                ? "INSERT INTO sign_in_addresses (address, tries, next_allowed, last_try) VALUES (@address, @tries, @next, @now) ON CONFLICT (address) DO NOTHING"
                : "UPDATE sign_in_addresses SET tries = @tries, next_allowed = @next, last_try = @now WHERE address = @address AND tries = @before";
            Sql.Set(write, "@address", key);
            Sql.Set(write, "@tries", counted);
            Sql.Set(write, "@next", next);
            Sql.Set(write, "@now", now);
            if (tries is { } before)
            {
                Sql.Set(write, "@before", before);
            }

            if (await write.ExecuteNonQueryAsync() == 1)
            {
                return null;
            }
        }

        return TimeSpan.FromSeconds(1);
    }

    /// <summary>The right password from <paramref name="address"/>: its count starts again.</summary>
    public async Task SucceededAsync(IPAddress? address)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sign_in_addresses WHERE address = @address";
        Sql.Set(command, "@address", Key(address));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>How long to hold a sign-in at <paramref name="accountUserName"/> (null: a user name
    /// that is not configured) before checking its password; zero while it is under its hourly budget.</summary>
    public async Task<TimeSpan> AccountDelayAsync(string? accountUserName)
    {
        var o = options.CurrentValue;
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sign_in_account_failures WHERE account = @account AND failed_at >= @since";
        Sql.Set(command, "@account", AccountKey(accountUserName));
        Sql.Set(command, "@since", (time.GetUtcNow() - Hour).ToUnixTimeMilliseconds());
        return await ScalarAsync(command) >= o.AccountFailuresPerHour ? TimeSpan.FromSeconds(o.AccountDelaySeconds) : TimeSpan.Zero;
    }

    /// <summary>A wrong password at <paramref name="accountUserName"/> (null: an unknown user name).</summary>
    public async Task FailedAsync(string? accountUserName)
    {
        var now = time.GetUtcNow();
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        // Only "at least the limit within the hour" matters, which the newest `limit` times tell:
        // older ones, and any beyond that, are deleted as each is added.
        command.CommandText = """
            INSERT INTO sign_in_account_failures (account, failed_at) VALUES (@account, @now);
            DELETE FROM sign_in_account_failures WHERE account = @account AND (failed_at < @since OR id NOT IN
                (SELECT id FROM sign_in_account_failures WHERE account = @account ORDER BY id DESC LIMIT @limit));
            """;
        Sql.Set(command, "@account", AccountKey(accountUserName));
        Sql.Set(command, "@now", now.ToUnixTimeMilliseconds());
        Sql.Set(command, "@since", (now - Hour).ToUnixTimeMilliseconds());
        Sql.Set(command, "@limit", Math.Max(1, options.CurrentValue.AccountFailuresPerHour));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Keeps the address table under <see cref="Capacity"/> before a new address is added:
    /// idle addresses go first, then the tenth that tried longest ago (in one statement, so a flood
    /// of new addresses costs little).</summary>
    private async Task MakeRoomAsync(DbConnection connection, long now)
    {
        if (await ScalarAsync(connection, "SELECT COUNT(*) FROM sign_in_addresses") < Capacity)
        {
            return;
        }

        await using (var idle = connection.CreateCommand())
        {
            idle.CommandText = "DELETE FROM sign_in_addresses WHERE last_try < @idleSince AND next_allowed <= @now";
            Sql.Set(idle, "@idleSince", now - (long)ForgetAfter.TotalMilliseconds);
            Sql.Set(idle, "@now", now);
            await idle.ExecuteNonQueryAsync();
        }

        if (await ScalarAsync(connection, "SELECT COUNT(*) FROM sign_in_addresses") < Capacity)
        {
            return;
        }

        await using var oldest = connection.CreateCommand();
        oldest.CommandText = "DELETE FROM sign_in_addresses WHERE address IN (SELECT address FROM sign_in_addresses ORDER BY last_try LIMIT @count)";
        Sql.Set(oldest, "@count", Math.Max(1, Capacity / 10));
        await oldest.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await ScalarAsync(command);
    }

    private static async Task<long> ScalarAsync(DbCommand command) =>
        Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);

    /// <summary>A configured account by its user name in lower case; every unknown user name shares the empty key.</summary>
    private static string AccountKey(string? accountUserName) => accountUserName?.ToLowerInvariant() ?? "";

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
}
