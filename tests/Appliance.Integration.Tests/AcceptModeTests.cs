using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// RFC 9568 Accept_Mode on a non-owner master (configuration.md, "Accept mode"): by default the virtual address is
/// served like the box's own; with accept = false only nginx's held ports reach it; the nftables table follows
/// the configuration, replaces a leftover at start and is gone after shutdown.
/// </summary>
public sealed class AcceptModeTests(ITestOutputHelper output) : LabTest(output)
{
    private const string Port = "8081"; // nginx serves it too, but it is not a held socket

    private CmdResult Nft(LabBox box, params string[] args) => box.Namespace.TryExec(["nft", .. args]);

    [RootFact]
    public void Accept_false_on_a_non_owner_master_drops_the_VIP_but_nginx_held_ports_and_the_default_serves_all()
    {
        // A table that a crashed supervisor could have left, dropping the web: the first start must replace it.
        File.WriteAllText(Path.Combine(B1.Directory, "leftover.nft"),
            "table inet appliance {\n chain accept_mode {\n  type filter hook input priority filter; policy accept;\n  tcp dport 80 drop\n }\n}\n");
        Assert.True(Nft(B1, "-f", Path.Combine(B1.Directory, "leftover.nft")).Succeeded);

        var settings = new PairSettings { TrackNginx = true };
        foreach (var (box, priority) in new[] { (B1, 200), (B2, 100) })
        {
            var ini = ApplianceIni.For(box, priority, settings, Lab.Boxes.Where(b => b != box), supervisedNginx: true);
            var nginxConf = Path.Combine(box.Directory, "nginx.conf");
            File.WriteAllText(nginxConf, File.ReadAllText(nginxConf).Replace("listen [::]:80 default_server;", $"listen [::]:80 default_server;\n        listen {Port};", StringComparison.Ordinal));
            box.StartAppliance(ini);
        }

        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));

        // The documented default (no accept key: true): the leftover is gone, every port on the VIP is served.
        Assert.True(WaitFor(() => !Nft(B1, "list", "table", "inet", "appliance").Succeeded, TimeSpan.FromSeconds(5)), $"leftover table still there\n{Logs()}");
        Assert.Equal("b1", FetchWithin($"http://{Lan.Vip4}/", TimeSpan.FromSeconds(3)));
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}:{Port}/"));
        Assert.Null(B1.Status().Vrrp[0].AcceptFilter);

        // accept = false, live: the held port 80 stays served, 8081 on the VIP is dropped, 8081 on the box's own
        // address is not (the filter is about the virtual address, and the listener is there).
        var set = Appliance(B1, "config", "set", "vrrp:web:accept=false");
        Assert.True(set.ExitCode == 0, set.StandardError);
        Assert.True(WaitFor(() => B1.Status().Vrrp[0].AcceptFilter?.EndsWith("(in force)", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(5)),
            $"filter: {B1.Status().Vrrp[0].AcceptFilter}\n{Logs()}");
        Assert.Equal("accept false: only tcp 80 reaches the VIP (in force)", B1.Status().Vrrp[0].AcceptFilter);
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}/"));
        Assert.Null(Fetch($"http://{Lan.Vip4}:{Port}/"));
        Assert.Equal("b1", Fetch($"http://{B1.Address4}:{Port}/"));
        var table = Nft(B1, "list", "table", "inet", "appliance");
        Assert.True(table.Succeeded, table.StandardError);
        Assert.Matches(@"ip daddr 192\.0\.2\.10 counter packets [1-9]\d* bytes \d+ drop", table.StandardOutput);
        Assert.Equal("master", B1.VrrpState());

        // Back to accept = true: the table goes and 8081 is served again.
        set = Appliance(B1, "config", "set", "vrrp:web:accept=true");
        Assert.True(set.ExitCode == 0, set.StandardError);
        Assert.True(WaitFor(() => !Nft(B1, "list", "table", "inet", "appliance").Succeeded, TimeSpan.FromSeconds(5)), Logs());
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}:{Port}/"));

        // And at an orderly shutdown with accept = false in force, the table is deleted after the VIP is handed over.
        set = Appliance(B1, "config", "set", "vrrp:web:accept=false");
        Assert.True(set.ExitCode == 0, set.StandardError);
        Assert.True(WaitFor(() => Nft(B1, "list", "table", "inet", "appliance").Succeeded, TimeSpan.FromSeconds(5)), Logs());
        B1.Appliance!.Signal(15);
        Assert.True(B1.Appliance.WaitForExit(TimeSpan.FromSeconds(20)), Logs());
        Assert.False(Nft(B1, "list", "table", "inet", "appliance").Succeeded, "the table outlived the supervisor");
    }
}
