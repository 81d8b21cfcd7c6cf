namespace Appliance.Logging;

/// <summary>How a remote collector is reached.</summary>
public enum SyslogProtocol
{
    /// <summary>RFC 5426: one datagram per message.</summary>
    Udp,

    /// <summary>RFC 6587 3.4.1: a TCP stream, each message framed as "MSG-LEN SP SYSLOG-MSG".</summary>
    Tcp,
}

/// <summary>
/// A remote syslog collector. The configuration's validator parses <c>udp://host:port</c> and <c>tcp://host:port</c>
/// (Appliance.Config, <c>[log] remote</c>); this is what the pipeline needs of it.
/// </summary>
public sealed record SyslogRemote
{
    public SyslogRemote(string host, int port, SyslogProtocol protocol = SyslogProtocol.Udp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
        Protocol = protocol;
    }

    /// <summary>An IPv4 or IPv6 literal (without brackets) or a host name, resolved when the sink opens.</summary>
    public string Host { get; }

    public int Port { get; }

    public SyslogProtocol Protocol { get; }

    public override string ToString()
    {
        var scheme = Protocol == SyslogProtocol.Tcp ? "tcp" : "udp";
        return Host.Contains(':') ? $"{scheme}://[{Host}]:{Port}" : $"{scheme}://{Host}:{Port}";
    }
}
