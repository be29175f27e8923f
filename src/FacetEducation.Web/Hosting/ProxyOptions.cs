using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Hosting;

/// <summary>
/// The reverse proxies in front of the site (section <c>Proxy</c>). Their <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed, so the client address (rate limit, sign-in throttle) and the
/// scheme (HTTPS redirection, HSTS, <c>Secure</c> cookies) are the visitor's; a request from any other
/// address keeps its own. Both lists empty (the default) trusts nobody.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies, such as <c>127.0.0.1</c> for nginx on the same server.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, such as <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Whether any proxy is trusted at all.</summary>
    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<IPAddress> Addresses() =>
        KnownProxies.Select(text => TryParseAddress(text, out var address) ? address : null).OfType<IPAddress>();

    public IEnumerable<IPNetwork> Networks() =>
        KnownNetworks.Select(text => TryParseNetwork(text, out var network) ? network : (IPNetwork?)null).OfType<IPNetwork>();

    /// <summary>One message per entry that is not an address or a network, naming its key and value.</summary>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!TryParseAddress(KnownProxies[i], out _))
            {
                yield return $"{Section}:{nameof(KnownProxies)}:{i} is '{KnownProxies[i]}', which is not an IP address such as 127.0.0.1 or ::1.";
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!TryParseNetwork(KnownNetworks[i], out _))
            {
                yield return $"{Section}:{nameof(KnownNetworks)}:{i} is '{KnownNetworks[i]}', which is not a network in CIDR form such as 10.0.0.0/8 (address bits beyond the prefix must be zero).";
            }
        }
    }

    /// <summary>A full address: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone also takes
    /// <c>10</c> or <c>127.1</c>, which are surely typing mistakes here.</summary>
    private static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        var trimmed = text?.Trim();
        if (trimmed is null || !IPAddress.TryParse(trimmed, out var parsed)
            || (parsed.AddressFamily == AddressFamily.InterNetwork && trimmed.Count(c => c == '.') != 3))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>A network whose address ends in zeros beyond its prefix: <see cref="IPNetwork.TryParse(string?, out IPNetwork)"/>
    /// silently makes <c>10.0.0.1/8</c> into <c>10.0.0.0/8</c>, and whoever wrote it may have meant one proxy.</summary>
    private static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        var trimmed = text?.Trim();
        var slash = trimmed?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0
            && TryParseAddress(trimmed![..slash], out var address)
            && IPNetwork.TryParse(trimmed, out network)
            && network.BaseAddress.Equals(address);
    }
}

/// <summary>Checks <see cref="ProxyOptions"/> at start. A single value where a list is expected
/// (<c>Proxy__KnownProxies=127.0.0.1</c>) would bind to an empty list and trust nobody without a
/// word, so it is refused with the form that works.</summary>
internal sealed class ProxyOptionsValidator(IConfiguration configuration) : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var problems = options.Problems().ToList();
        foreach (var list in new[] { nameof(ProxyOptions.KnownProxies), nameof(ProxyOptions.KnownNetworks) })
        {
            var key = $"{ProxyOptions.Section}:{list}";
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                problems.Add($"{key} is a list: give each entry its own numbered key, {key}:0, {key}:1 (as environment variables {ProxyOptions.Section}__{list}__0, {ProxyOptions.Section}__{list}__1).");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
