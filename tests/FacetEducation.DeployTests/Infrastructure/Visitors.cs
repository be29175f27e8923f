using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FacetEducation.DeployTests.Infrastructure;

/// <summary>
/// Clients as visitors are to nginx: each from its own loopback address (127.0.0.2, 127.0.0.3 ...,
/// so nginx sees two visitors as two), asking for the public name (the TLS name and Host are
/// <see cref="DeployedSite.ServerName"/>; only the connection goes to 127.0.0.1, as curl's
/// --resolve does), trusting exactly the test's self-signed certificate, with HTTP/2 over https
/// as browsers use it. No redirects followed, no cookies kept, no decompression: the tests see what
/// was sent.
/// </summary>
public sealed class Visitors(X509Certificate2 certificate, string? publicUrl = null) : IDisposable
{
    private readonly string _pin = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();

    /// <summary>The visitor whose connections come from <paramref name="address"/> (127.0.0.0/8).</summary>
    public HttpClient From(string address) => _clients.GetOrAdd(address, a => Create(IPAddress.Parse(a)));

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpClient Create(IPAddress from)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(from, context.DnsEndPoint.Port, cancellationToken),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Trusted },
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri(publicUrl ?? DeployedSite.PublicUrl),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    private bool Trusted(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == _pin;

    private static async ValueTask<Stream> ConnectAsync(IPAddress from, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A GET straight to the site's own port, with the headers nginx sends for a visitor's https
    /// request (deploy/nginx/facet-education.conf): the site's own answer, to compare with nginx's.
    /// </summary>
    public async Task<HttpResponseMessage> DirectAsync(string path, string acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{DeployedSite.SitePort}{path}")));
        request.Headers.Host = DeployedSite.ServerName;
        request.Headers.Add("X-Forwarded-For", "127.0.0.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return await Direct.SendAsync(request);
    }

    private static readonly HttpClient Direct = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    });

    /// <summary>
    /// One HTTP/1.1 request written by hand, for what HttpClient will not send: a Host that differs
    /// from the TLS name. Returns what came back before the server closed the connection (empty if
    /// it closed without a word), or the TLS failure's message prefixed "TLS: ".
    /// </summary>
    public async Task<string> RawAsync(int port, string? tlsName, string request)
    {
        using var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        Stream stream = tcp.GetStream();
        if (tlsName is not null)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false, Trusted);
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = tlsName });
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                return "TLS: " + ex.Message;
            }

            stream = tls;
        }

        await using (stream)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("\n", "\r\n", StringComparison.Ordinal)));
            var answer = new MemoryStream();
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await stream.CopyToAsync(answer, deadline.Token);
            }
            catch (IOException)
            {
                // A reset after the answer (or instead of one) ends the reading too.
            }

            return Encoding.UTF8.GetString(answer.ToArray());
        }
    }
}
