using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Config;
using Appliance.Control;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>Configuration changes on a running pair, as an operator makes them, watched by the client.</summary>
public sealed class LiveConfigurationTests(ITestOutputHelper output) : LabTest(output)
{
    private void StartPair(PairSettings settings, string? extra = null)
    {
        StartAppliance(B1, settings, 200, extra);
        StartAppliance(B2, settings, 100, extra);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
    }

    [RootFact]
    public void Priority_timers_and_addresses_change_live_without_a_gap_for_the_client()
    {
        StartPair(new PairSettings());
        var probe = Lab.StartProbe();
        Thread.Sleep(500);
        var start = Lan.Now();
        var transitions = B1.Status().Vrrp[0].Transitions;

        Assert.Equal(0, Appliance(B1, "config", "set", "vrrp:web:priority=180").ExitCode);
        Assert.Equal(0, Appliance(B1, "config", "set", "vrrp:web:advert_interval=100ms", "vrrp:web:preempt_delay=2s").ExitCode);
        Assert.Equal(0, Appliance(B1, "config", "set", "vrrp:web:virtual_ip=192.0.2.10/24, 192.0.2.20/24").ExitCode);
        Thread.Sleep(1500);

        var status = B1.Status().Vrrp[0];
        Assert.Equal(("master", 180, transitions), (status.State, status.EffectivePriority, status.Transitions));
        Assert.True(B1.Has(IPAddress.Parse("192.0.2.20")));
        Assert.Equal("b1", Fetch("http://192.0.2.20/"));
        Assert.Equal(0, probe.Timeline.Failures(start, Lan.Now()));
        Assert.True(probe.Timeline.LongestGap(start, Lan.Now()) < TimeSpan.FromMilliseconds(100), $"longest gap {probe.Timeline.LongestGap(start, Lan.Now())}");

        Assert.Equal("backup", B2.VrrpState());
        Assert.Contains("advert_interval = 100ms", File.ReadAllText(B1.ConfigPath));
    }

    [RootFact]
    public void A_higher_priority_given_to_the_backup_moves_the_VIP_without_a_refused_request()
    {
        StartPair(new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) });
        var probe = Lab.StartProbe();
        Thread.Sleep(500);
        var at = Lan.Now();

        var result = Appliance(B2, "config", "set", "vrrp:web:priority=250");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[vrrp:web] priority: 100 -> 250", result.StandardOutput);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));
        var served = probe.Timeline.WaitForAnswer(at, a => a.Detail == "b2", TimeSpan.FromSeconds(3));
        Assert.NotNull(served);
        Thread.Sleep(500);

        // The new master announces before the old one lets go; at most the one connection in flight when the
        // client's neighbour entry moves is reset by the new master, which never saw its SYN.
        var failures = probe.Timeline.Failures(at, Lan.Now());
        var longest = probe.Timeline.LongestGap(at, Lan.Now());
        Assert.True(failures <= 1 && longest < TimeSpan.FromMilliseconds(50), $"{failures} failed requests, longest gap {longest.TotalMilliseconds:0.0} ms");
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(2));
    }

    [RootFact]
    public void An_invalid_change_is_refused_with_the_validators_message_and_nothing_changes()
    {
        StartPair(new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) });
        var before = File.ReadAllText(B1.ConfigPath);

        var refused = Appliance(B1, "config", "set", "vrrp:web:priority=300", "vrrp:web:advert_interval=15ms");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("[vrrp:web] priority = 300: out of range", refused.StandardError);
        Assert.Contains("advert_interval = 15ms", refused.StandardError);
        Assert.Equal(before, File.ReadAllText(B1.ConfigPath));
        Assert.Equal(200, B1.Status().Vrrp[0].Priority);
        Assert.Null(B1.Control(new ControlRequest { Command = "config.get" }).Staged);
    }

    [RootFact]
    public void A_commit_confirmed_that_cuts_the_box_off_rolls_back_by_itself()
    {
        // The box manages eth0: its address is what the configuration says.
        var managed = new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) };
        StartAppliance(B1, managed, 200);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        File.WriteAllText(B1.ConfigPath, File.ReadAllText(B1.ConfigPath).Replace("manage = false", "manage = true"));
        B1.Appliance!.Signal(Signals.SIGHUP);
        Assert.True(B1.Appliance.WaitForLog("reload: [interface:eth0] manage: false -> true", TimeSpan.FromSeconds(3)), Logs());
        Assert.Equal("b1", Fetch($"http://{B1.Address4}/"));

        // A typo in the management address: the box is no longer reachable where it was.
        var committed = Appliance(B1, "config", "set", "interface:eth0:address=198.51.100.11/24, 2001:db8::11/64", "--confirm", "10");
        Assert.Equal(0, committed.ExitCode);
        Thread.Sleep(300);
        Assert.False(B1.Has(B1.Address4));
        Assert.Null(Fetch($"http://{B1.Address4}/"));
        Assert.NotNull(B1.Status().PendingCommit);

        // Nobody confirms: after 10 s the previous file and address are back.
        Assert.True(B1.Appliance.WaitForLog("configuration rolled back: the commit was not confirmed in time", TimeSpan.FromSeconds(12)), Logs());
        Thread.Sleep(300);
        Assert.True(B1.Has(B1.Address4), Logs());
        Assert.Equal("b1", Fetch($"http://{B1.Address4}/"));
        Assert.Null(B1.Status().PendingCommit);
        Assert.Contains("address = 192.0.2.11/24", File.ReadAllText(B1.ConfigPath));
    }

    [RootFact]
    public void A_confirmed_change_stays()
    {
        StartPair(new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(0, Appliance(B1, "config", "set", "vrrp:web:priority=190", "--confirm", "10").ExitCode);
        Assert.Equal(0, Appliance(B1, "config", "confirm").ExitCode);
        Thread.Sleep(10_500);

        Assert.Equal(190, B1.Status().Vrrp[0].Priority);
        Assert.Contains("priority = 190", File.ReadAllText(B1.ConfigPath));
    }

    [RootFact]
    public void SIGHUP_with_a_broken_file_keeps_the_running_configuration_and_says_why()
    {
        StartPair(new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) });
        var good = File.ReadAllText(B1.ConfigPath);

        File.WriteAllText(B1.ConfigPath, good.Replace("priority = 200", "priority = 20o"));
        B1.Appliance!.Signal(Signals.SIGHUP);
        Assert.True(B1.Appliance.WaitForLog("reload refused", TimeSpan.FromSeconds(3)), Logs());
        Assert.Contains("[vrrp:web] priority = 20o: not a whole number", B1.Appliance.Log());
        Assert.Contains("the running configuration stays in force", B1.Appliance.Log());
        Assert.Equal(("master", 200), (B1.VrrpState(), B1.Status().Vrrp[0].Priority));

        File.WriteAllText(B1.ConfigPath, good.Replace("priority = 200", "priority = 210"));
        B1.Appliance.Signal(Signals.SIGHUP);
        Thread.Sleep(500);
        Assert.Equal(("master", 210), (B1.VrrpState(), B1.Status().Vrrp[0].Priority));
    }

    [RootFact]
    public void The_control_socket_answers_bad_input_with_errors_and_VRRP_goes_on()
    {
        StartPair(new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) });
        var sent = B1.Status().Vrrp[0].Counters.Sent;

        Assert.Contains("malformed request", Raw(B1, "{not json\n"));
        Assert.Contains("unknown command 'frobnicate'", Raw(B1, "{\"command\":\"frobnicate\"}\n"));
        Assert.Contains("malformed request", Raw(B1, "{\"command\": 42}\n"));
        Assert.Contains("'nonsense' is not KEY=VALUE", Raw(B1, "{\"command\":\"config.set\",\"set\":[\"nonsense\"]}\n"));
        Assert.Contains("no VRRP instance 'nope'", Raw(B1, "{\"command\":\"failover\",\"instance\":\"nope\"}\n"));
        Assert.Contains("request longer than", Raw(B1, new string('x', 70_000) + "\n"));
        Assert.Contains("\"ok\":true", Raw(B1, "\n\n{\"command\":\"status\"}\n"));

        // A client that connects and goes silent holds nothing up.
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Connect(new UnixDomainSocketEndPoint(B1.ControlSocket));
        Thread.Sleep(300);
        Assert.Equal("master", B1.VrrpState());
        Assert.True(B1.Status().Vrrp[0].Counters.Sent > sent);
    }

    [RootFact]
    public void Transitions_reach_a_remote_syslog_collector_as_RFC_5424_with_structured_data()
    {
        // The collector is read on this thread, after the fact: datagrams wait in its receive buffer however late
        // the test gets to them. (A listener task that the thread pool starts late, on a loaded machine, could
        // find the socket closed before it read a datagram: the test then saw no message at all.)
        using var collector = Lab.Client.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
            socket.Bind(new IPEndPoint(Lan.Client4, 5514));
            return socket;
        });

        B1.StartNginx();
        B1.StartAppliance(ApplianceIni.For(B1, 200, new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) }, [B2])
            .Replace("syslog =", $"syslog =\nremote = udp://{Lan.Client4}:5514"));
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));

        var lines = new List<string>();
        var buffer = new byte[4096];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!lines.Exists(IsTransition) && DateTime.UtcNow < deadline)
        {
            if (collector.Poll(100_000, SelectMode.SelectRead))
            {
                lines.Add(Encoding.UTF8.GetString(buffer, 0, collector.Receive(buffer)));
            }
        }

        // Whatever else arrived by now: the transition must be there exactly once.
        while (collector.Available > 0)
        {
            lines.Add(Encoding.UTF8.GetString(buffer, 0, collector.Receive(buffer)));
        }

        var transition = Assert.Single(lines, IsTransition);
        Assert.Matches(@"^<\d+>1 \d{4}-\d\d-\d\dT", transition);
        Assert.Contains(" b1 appliance ", transition);
        Assert.Contains("[appliance@32473 ", transition);
        Assert.Contains("Instance=\"web\"", transition);
        Assert.Contains("To=\"master\"", transition);
    }

    [RootFact]
    public void Every_verb_that_talks_to_the_supervisor_finds_it_through_config()
    {
        // The lab's boxes keep their state_dir (and control socket) under the test's directory, not the default.
        StartPair(new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) });
        CmdResult Verb(params string[] args) => Cmd.TryRun(TimeSpan.FromSeconds(60), Lab.ApplianceBinary, [.. args, "--config", B1.ConfigPath]);

        var status = Verb("status", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var compact = status.StandardOutput.Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("\"hostname\":\"b1\"", compact);
        Assert.Contains("\"schema_version\":1", compact);
        Assert.Matches("\"generated_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", compact);
        Assert.Contains("\"master_address\":\"192.0.2.", compact); // the contract's fields are there, master or backup
        Assert.Contains("\"last_transition\":{", compact);
        var check = Verb("status", "--check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.StartsWith("OK: web ", check.StandardOutput);
        var show = Verb("config", "get");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("hostname = b1", show.StandardOutput);
        var set = Verb("config", "set", "vrrp:web:priority=190");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal(190, B1.Status().Vrrp[0].Priority);

        // A mistake elsewhere in the file does not send the command to another socket.
        File.AppendAllText(B1.ConfigPath, "\n[nosuchsection]\nkey = value\n");
        var failover = Verb("failover", "web");
        Assert.True(failover.ExitCode == 0, failover.ToString());
        WaitForState(B2, "master", TimeSpan.FromSeconds(5));

        var missing = Cmd.TryRun(TimeSpan.FromSeconds(60), Lab.ApplianceBinary, "status", "--config", B1.ConfigPath + ".missing");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("cannot read", missing.StandardError);
    }

    [RootFact]
    public void Appliance_passwd_commits_only_a_salted_hash_and_clear_removes_it()
    {
        StartAppliance(B1, new PairSettings(), 200);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));

        var tooShort = Cmd.TryRunWithInput("horse12\n", TimeSpan.FromSeconds(30), Lab.ApplianceBinary, "passwd", "--socket", B1.ControlSocket);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("too short", tooShort.StandardError);
        Assert.DoesNotContain("console_password", File.ReadAllText(B1.ConfigPath));

        var set = Cmd.TryRunWithInput("correct horse\n", TimeSpan.FromSeconds(30), Lab.ApplianceBinary, "passwd", "--socket", B1.ControlSocket);
        Assert.True(set.ExitCode == 0, set.ToString());
        var stored = Assert.Single(File.ReadAllLines(B1.ConfigPath), l => l.StartsWith("console_password", StringComparison.Ordinal));
        var hash = stored[(stored.IndexOf('=') + 1)..].Trim();
        Assert.DoesNotContain("correct horse", File.ReadAllText(B1.ConfigPath));
        Assert.True(ConsolePassword.Verify("correct horse", hash), stored);
        Assert.False(ConsolePassword.Verify("correct horsE", hash));
        Assert.Equal("master", B1.VrrpState()); // a password change touches nothing else

        // The supervisor checks a console's password and keeps one lock-out for every console.
        var wrong = Raw(B1, "{\"command\":\"console.login\",\"password\":\"correct horsE\",\"console\":\"ttyS9\"}\n");
        Assert.Contains("\"error\":\"wrong password\",\"retry_after_seconds\":1", wrong);
        var locked = Raw(B1, "{\"command\":\"console.login\",\"password\":\"correct horse\",\"console\":\"tty1\"}\n");
        Assert.Contains("wait before the next try", locked);
        Assert.True(B1.Appliance!.WaitForLog("console ttyS9: wrong password (1 in a row)", TimeSpan.FromSeconds(5)), Logs());
        Thread.Sleep(1100);
        Assert.StartsWith("{\"ok\":true", Raw(B1, "{\"command\":\"console.login\",\"password\":\"correct horse\",\"console\":\"tty1\"}\n"));

        Assert.Equal(0, Appliance(B1, "passwd", "--clear").ExitCode);
        Assert.DoesNotContain("pbkdf2", File.ReadAllText(B1.ConfigPath));
    }

    private static bool IsTransition(string line) =>
        line.Contains("web backup -> master: master down timer expired", StringComparison.Ordinal);

    /// <summary>Writes raw bytes to the control socket and returns the first answer line.</summary>
    private static string Raw(LabBox box, string bytes)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 5000 };
        socket.Connect(new UnixDomainSocketEndPoint(box.ControlSocket));
        socket.Send(Encoding.UTF8.GetBytes(bytes));
        var buffer = new byte[256 * 1024];
        var length = 0;
        while (!buffer.AsSpan(0, length).Contains((byte)'\n'))
        {
            var read = socket.Receive(buffer.AsSpan(length));
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
