using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Supervisor.Health;

/// <summary>
/// One HTTP/1.1 GET over a fresh TCP connection, with a deadline for the whole exchange: what a client of the VIP
/// does, and what the nginx health check needs. A raw socket and a precomputed request keep it allocation-light;
/// only the status line is parsed (and the first body line when asked, for the lab's "which box answered").
/// </summary>
public sealed class HttpProbe
{
    private const int BufferSize = 4096;
    private readonly byte[] _request;
    private readonly byte[] _buffer = new byte[BufferSize];

    public HttpProbe(Uri url, TimeSpan timeout, bool readBody = false)
    {
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"only http:// URLs can be probed, not {url}");
        }

        if (!IPAddress.TryParse(url.IdnHost, out var address))
        {
            // The appliance probes its own nginx or a VIP: both are literal addresses; DNS has no place here.
            throw new ArgumentException($"the probe URL must name an IP address, not '{url.Host}'");
        }

        Url = url;
        Endpoint = new IPEndPoint(address, url.Port);
        Timeout = timeout;
        ReadBody = readBody;
        _request = RequestFor(url);
    }

    public Uri Url { get; }

    public IPEndPoint Endpoint { get; }

    public TimeSpan Timeout { get; }

    public bool ReadBody { get; }

    /// <summary>The request bytes, for <see cref="LoopProbe"/>, which sends them from the event loop.</summary>
    internal ReadOnlySpan<byte> Request => _request;

    internal const int MaxResponse = BufferSize;

    /// <summary>Enough of the response is there to judge it: the status line, or everything when the body is wanted.</summary>
    internal bool Complete(ReadOnlySpan<byte> response) => !ReadBody && response.IndexOf("\r\n"u8) >= 0;

    /// <summary>Never throws for a failed probe: the failure is the result. Not safe for concurrent calls.</summary>
    public async ValueTask<ProbeResult> ProbeAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var socket = new Socket(Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var stage = "connecting";
        try
        {
            await socket.ConnectAsync(Endpoint, deadline.Token).ConfigureAwait(false);
            stage = "sending";
            await socket.SendAsync(_request, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            stage = "reading";
            var length = 0;
            while (length < BufferSize)
            {
                var read = await socket.ReceiveAsync(_buffer.AsMemory(length), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (Complete(_buffer.AsSpan(0, length)))
                {
                    break;
                }
            }

            return Parse(_buffer.AsSpan(0, length));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed($"timed out after {Timeout.TotalMilliseconds:0}ms {stage}");
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.ConnectionReset => $"connection reset {stage}",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"unreachable ({e.SocketErrorCode})",
                _ => $"{e.SocketErrorCode} {stage}",
            });
        }
    }

    /// <summary>The GET a probe of <paramref name="url"/> sends, closing the connection after the answer.</summary>
    internal static byte[] RequestFor(Uri url) => Encoding.ASCII.GetBytes(
        $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUser-Agent: appliance-probe\r\nConnection: close\r\n\r\n");

    internal ProbeResult Parse(ReadOnlySpan<byte> response) => Parse(response, ReadBody);

    /// <summary>Reads the status line (and the first body line when asked) of what arrived so far.</summary>
    internal static ProbeResult Parse(ReadOnlySpan<byte> response, bool readBody)
    {
        // "HTTP/1.1 200 OK\r\n"
        var lineEnd = response.IndexOf("\r\n"u8);
        if (lineEnd < 12 || !response.StartsWith("HTTP/1."u8) || response[8] != (byte)' '
            || !Utf8Parser.TryParse(response.Slice(9, 3), out int status, out _))
        {
            return ProbeResult.Failed(response.IsEmpty ? "connection closed without a response" : "malformed status line");
        }

        string? body = null;
        if (readBody)
        {
            var headersEnd = response.IndexOf("\r\n\r\n"u8);
            if (headersEnd >= 0)
            {
                var rest = response[(headersEnd + 4)..];
                var newline = rest.IndexOfAny((byte)'\r', (byte)'\n');
                body = Encoding.UTF8.GetString(newline >= 0 ? rest[..newline] : rest);
            }
        }

        return status is >= 200 and < 400
            ? new ProbeResult(true, status, null, body)
            : new ProbeResult(false, status, $"status {status}", body);
    }
}

/// <summary>The outcome of one probe: healthy means a 2xx or 3xx answer arrived in time.</summary>
public readonly record struct ProbeResult(bool Healthy, int Status, string? Failure, string? Body)
{
    public static ProbeResult Failed(string reason) => new(false, 0, reason, null);
}
