using System.Net;

namespace Appliance.Config.Tests.Validation;

/// <summary><c>[nginx] listen</c> and <c>listen_backlog</c>: the sockets the supervisor holds for nginx.</summary>
public sealed class NginxListenTests
{
    [Fact]
    public void Without_listen_no_socket_is_held_and_the_backlog_defaults_to_4096()
    {
        var nginx = Ini.Valid(Ini.Base).Nginx;
        Assert.Empty(nginx.Listen);
        Assert.Equal(4096, nginx.ListenBacklog);
    }

    [Fact]
    public void Listen_entries_are_read_as_nginx_writes_its_listen_addresses()
    {
        var nginx = Ini.Valid(Ini.With("nginx", "listen", "80, *:8080, [::]:80, 192.0.2.10:443, [2001:db8::10]:443")).Nginx;
        Assert.Equal(
            [
                new NginxListen(IPAddress.Any, 80),
                new NginxListen(IPAddress.Any, 8080),
                new NginxListen(IPAddress.IPv6Any, 80),
                new NginxListen(IPAddress.Parse("192.0.2.10"), 443),
                new NginxListen(IPAddress.Parse("2001:db8::10"), 443),
            ],
            nginx.Listen);
        Assert.Equal(["0.0.0.0:80", "0.0.0.0:8080", "[::]:80", "192.0.2.10:443", "[2001:db8::10]:443"], nginx.Listen.Select(l => l.ToString()));
        Assert.True(nginx.Listen[0].IsWildcard && nginx.Listen[2].IsWildcard && !nginx.Listen[3].IsWildcard);
    }

    [Theory]
    [InlineData("0", "the port must be 1-65535")]
    [InlineData("65536", "the port must be 1-65535")]
    [InlineData("080", "the port must be 1-65535")]
    [InlineData("192.0.2.10", "has no port: write it as 192.0.2.10:80")]
    [InlineData("2001:db8::10:80", "an IPv6 address goes in brackets")]
    [InlineData("[2001:db8::10]", "an IPv6 address goes in brackets followed by the port")]
    [InlineData("[192.0.2.10]:80", "brackets are for IPv6 addresses")]
    [InlineData("localhost:80", "names are not resolved here")]
    [InlineData("unix:/run/nginx.sock", "unix sockets are not held")]
    [InlineData("192.0.2.300:80", "octet above 255")]
    [InlineData("80, 80", "0.0.0.0:80 is listed twice")]
    [InlineData("80, *:80", "0.0.0.0:80 is listed twice")]
    [InlineData("80, 192.0.2.10:80", "0.0.0.0:80 and 192.0.2.10:80 overlap")]
    [InlineData("[2001:db8::10]:80, [::]:80", "[2001:db8::10]:80 and [::]:80 overlap")]
    public void A_bad_listen_entry_is_refused_with_its_reason(string value, string reason)
    {
        var result = Ini.Load(Ini.With("nginx", "listen", value));
        var diagnostic = Ini.Single(result, reason);
        Assert.True(diagnostic.IsError);
        Assert.Equal("listen", diagnostic.Key);
    }

    [Fact]
    public void The_IPv4_and_IPv6_wildcards_of_one_port_do_not_overlap()
    {
        var nginx = Ini.Valid(Ini.With("nginx", "listen", "80, [::]:80, 192.0.2.10:81")).Nginx;
        Assert.Equal(3, nginx.Listen.Count);
    }

    [Fact]
    public void More_than_sixteen_entries_are_refused()
    {
        var ports = string.Join(", ", Enumerable.Range(8000, 17));
        Ini.Single(Ini.Load(Ini.With("nginx", "listen", ports)), "17 entries; at most 16");
    }

    [Fact]
    public void A_backlog_without_listen_is_a_warning_and_out_of_range_an_error()
    {
        var warning = Ini.Single(Ini.Load(Ini.With("nginx", "listen_backlog", "1024")), "has no effect without listen");
        Assert.False(warning.IsError);
        var error = Ini.Single(Ini.Load(Ini.With(Ini.With("nginx", "listen", "80"), ("nginx", "listen_backlog", "0"))), "out of range");
        Assert.True(error.IsError);
        Assert.Equal(512, Ini.Valid(Ini.With(Ini.With("nginx", "listen", "80"), ("nginx", "listen_backlog", "512"))).Nginx.ListenBacklog);
    }

    [Fact]
    public void Listen_lists_compare_by_content()
    {
        var a = Ini.Valid(Ini.With("nginx", "listen", "80, [::]:80")).Nginx;
        var b = Ini.Valid(Ini.With("nginx", "listen", "*:80,[::]:80")).Nginx;
        Assert.Equal(a, b);
        Assert.NotEqual(a, Ini.Valid(Ini.With("nginx", "listen", "[::]:80, 80")).Nginx);
    }
}
