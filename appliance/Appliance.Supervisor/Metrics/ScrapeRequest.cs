using System.Text;

namespace Appliance.Supervisor.Metrics;

/// <summary>
/// What a scraper asked, from the bytes of an HTTP/1.x request head (RFC 9112 section 3): only the request line
/// matters; headers are skipped, a body is never read. Bounded: a head longer than <see cref="MaxHeadBytes"/> is
/// refused. Pure, so every hostile shape is a unit test.
/// </summary>
internal static class ScrapeRequest
{
    public const int MaxHeadBytes = 4096;

    public enum Outcome
    {
        /// <summary>The head has not ended yet: read more.</summary>
        Incomplete,

        /// <summary>A complete, well-formed request line.</summary>
        Request,

        /// <summary>Not HTTP/1.x, or longer than the bound: answer 400 and close.</summary>
        Bad,
    }

    public static Outcome Parse(ReadOnlySpan<byte> head, out string method, out string target, out string? problem)
    {
        method = target = string.Empty;
        problem = null;
        var end = head.IndexOf("\r\n\r\n"u8);
        var bareEnd = head.IndexOf("\n\n"u8);
        if (end < 0 && bareEnd < 0)
        {
            if (head.Length >= MaxHeadBytes)
            {
                problem = $"request head longer than {MaxHeadBytes} bytes";
                return Outcome.Bad;
            }

            return Outcome.Incomplete;
        }

        var lineEnd = head.IndexOf((byte)'\n');
        var line = head[..lineEnd].TrimEnd((byte)'\r');
        foreach (var b in line)
        {
            if (b is < 0x20 or > 0x7e)
            {
                problem = "the request line holds a byte that is not printable ASCII";
                return Outcome.Bad;
            }
        }

        var parts = Encoding.ASCII.GetString(line).Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            problem = "not an HTTP/1.x request line (METHOD TARGET HTTP/1.1)";
            return Outcome.Bad;
        }

        method = parts[0];
        target = parts[1];
        return Outcome.Request;
    }

    /// <summary>The whole answer for a request: <c>GET /metrics</c> (or HEAD) gets the body, the rest a short error.</summary>
    public static byte[] Answer(string method, string target, Func<string> body)
    {
        var path = target.Split('?', 2)[0];
        if (method is not ("GET" or "HEAD"))
        {
            return Response("405 Method Not Allowed", "only GET and HEAD\n", "text/plain; charset=utf-8", head: false, "Allow: GET, HEAD\r\n");
        }

        if (path != "/metrics")
        {
            return Response("404 Not Found", "the metrics are at /metrics\n", "text/plain; charset=utf-8", method == "HEAD");
        }

        return Response("200 OK", body(), Appliance.Control.MetricsText.ContentType, method == "HEAD");
    }

    public static byte[] BadRequest(string problem) =>
        Response("400 Bad Request", problem + "\n", "text/plain; charset=utf-8", head: false);

    private static byte[] Response(string status, string body, string contentType, bool head, string extraHeaders = "")
    {
        var content = Encoding.UTF8.GetBytes(body);
        var header = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\n{extraHeaders}Connection: close\r\n\r\n");
        return head ? header : [.. header, .. content];
    }
}
