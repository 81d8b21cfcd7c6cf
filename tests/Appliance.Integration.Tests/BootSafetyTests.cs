using System.Globalization;
using Appliance.Control;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// A box that never boots open: PID 1 (in a PID namespace of its own) with a late NIC, a broken file, a start-up
/// that fails; and a commit-confirmed change across a kill -9 and an orderly restart of the supervisor.
/// </summary>
public sealed class BootSafetyTests(ITestOutputHelper output) : LabTest(output, boxes: 1)
{
    private const string BrokenIni = "[system\nhostname = broken\n\n[vrrp:web]\ninterface = eth0\nvrid = 51\npriority = 200\nvirtual_ip = 192.0.2.10/24\n";

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void As_PID_1_a_NIC_that_arrives_2_s_late_gets_the_boxs_own_configuration_and_becomes_master(bool managed)
    {
        // Managed: the appliance gives the late link its address. Not declared at all: only the kernel knows the link.
        var section = managed ? "[interface:eth1]\naddress = 198.51.100.11/24\nmanage = true\n" : string.Empty;
        File.WriteAllText(B1.ConfigPath, $"""
            [system]
            hostname = late1
            state_dir = {B1.StateDirectory}
            console =

            {section}
            [vrrp:web]
            interface = eth1
            vrid = 77
            priority = 150
            advert_interval = 100ms
            virtual_ip = 198.51.100.10/24

            [nginx]
            enabled = false

            [log]
            syslog =

            """);
        using var init = StartAsInit("init", $"exec {Lab.ApplianceBinary} run --config {B1.ConfigPath}");

        var waiting = WaitForStatus(B1.ControlSocket, s => s.Vrrp.Count == 1 && s.Vrrp[0].Problem is not null, TimeSpan.FromSeconds(10));
        Assert.Equal("waiting for interface eth1", waiting.Vrrp[0].Problem);
        Assert.Equal("initialize", waiting.Vrrp[0].State);
        Thread.Sleep(2000);

        // The NIC appears: a veth from the switch, moved into the box's namespace as eth1.
        Lab.Switch.Ip("link", "add", "late1", "type", "veth", "peer", "name", "eth1", "netns", B1.Namespace.Name);
        Lab.Switch.Ip("link", "set", "late1", "master", "br0");
        Lab.Switch.Ip("link", "set", "late1", "up");
        if (!managed)
        {
            B1.Namespace.Ip("addr", "add", "198.51.100.11/24", "dev", "eth1", "nodad");
            B1.Namespace.SetUp("eth1");
        }

        var master = WaitForStatus(B1.ControlSocket, s => s.Vrrp[0].State == "master", TimeSpan.FromSeconds(15));
        Assert.Equal("late1", master.Hostname);
        Assert.Equal(77, master.Vrrp[0].Vrid);
        Assert.Equal(150, master.Vrrp[0].Priority);
        Assert.Null(master.SafeMode);
        Assert.True(B1.WaitFor(System.Net.IPAddress.Parse("198.51.100.10"), present: true, TimeSpan.FromSeconds(5)));
        Assert.Contains(B1.Namespace.IpJson("-4", "addr", "show", "dev", "eth1").EnumerateArray().SelectMany(l => l.GetProperty("addr_info").EnumerateArray()),
            a => a.GetProperty("local").GetString() == "198.51.100.11");
    }

    [RootFact]
    public void As_PID_1_a_broken_file_without_last_good_is_safe_mode_silent_on_the_wire_and_a_valid_load_leaves_it()
    {
        File.WriteAllText(B1.ConfigPath, BrokenIni);
        var before = File.ReadAllBytes(B1.ConfigPath);
        using var init = StartAsInit("init", PrivateRun($"exec {Lab.ApplianceBinary} run --config {B1.ConfigPath}"));
        var socket = $"/proc/{ApplianceOf(init)}/root/run/appliance/control.sock";

        var status = WaitForStatus(socket, s => s.SafeMode is not null, TimeSpan.FromSeconds(15));
        using (var capture = Capture.Start(B1.Namespace, B1.Directory, "ip proto 112"))
        {
            Thread.Sleep(3000);
            Assert.Empty(capture.Decode("vrrp", "frame.number"));
        }

        Assert.Contains("appliance.ini:1:", status.SafeMode);
        Assert.Empty(status.Vrrp);
        Assert.Equal(before, File.ReadAllBytes(B1.ConfigPath));
        Assert.Equal(before, File.ReadAllBytes(B1.ConfigPath + ".rejected"));
        Assert.Contains("SAFE MODE", Cmd.Run(Lab.ApplianceBinary, "status", "--socket", socket).StandardOutput);
        Assert.Contains("\"safe_mode\": \"SAFE MODE:", Cmd.Run(Lab.ApplianceBinary, "status", "--json", "--socket", socket).StandardOutput);
        Assert.True(init.WaitForLog("SAFE MODE", TimeSpan.FromSeconds(5)), "the reason is not on the console");

        var fixedPath = Path.Combine(B1.Directory, "fixed.ini");
        File.WriteAllText(fixedPath, "[system]\nhostname = fixed1\nconsole =\n\n[vrrp:web]\ninterface = eth0\nvrid = 51\npriority = 200\nadvert_interval = 100ms\nvirtual_ip = 192.0.2.10/24\n\n[nginx]\nenabled = false\n");
        Cmd.Run(Lab.ApplianceBinary, "config", "load", fixedPath, "--socket", socket);

        var master = WaitForStatus(socket, s => s.Vrrp.Count == 1 && s.Vrrp[0].State == "master", TimeSpan.FromSeconds(10));
        Assert.Null(master.SafeMode);
        Assert.Equal("fixed1", master.Hostname);
        Assert.Equal(File.ReadAllText(fixedPath), File.ReadAllText(B1.ConfigPath));
        Assert.Equal(before, File.ReadAllBytes(B1.ConfigPath + ".rejected"));
    }

    [RootTheory]
    [InlineData("read-only state_dir")]
    [InlineData("over-long socket path")]
    public void As_PID_1_a_start_that_cannot_succeed_is_safe_mode_with_the_reason_not_a_crash(string how)
    {
        var readOnly = Path.Combine(B1.Directory, "ro");
        Directory.CreateDirectory(readOnly);
        var stateDir = how == "read-only state_dir" ? Path.Combine(readOnly, "run") : Path.Combine(B1.Directory, new string('d', 100));
        File.WriteAllText(B1.ConfigPath, $"[system]\nhostname = b1\nstate_dir = {stateDir}\nconsole =\n\n[vrrp:web]\ninterface = eth0\nvrid = 51\npriority = 200\nvirtual_ip = 192.0.2.10/24\n\n[nginx]\nenabled = false\n");
        using var init = StartAsInit("init", PrivateRun($"mount -t tmpfs -o ro tmpfs {readOnly} && exec {Lab.ApplianceBinary} run --config {B1.ConfigPath}"));
        var socket = $"/proc/{ApplianceOf(init)}/root/run/appliance/control.sock";

        var status = WaitForStatus(socket, s => s.SafeMode is not null, TimeSpan.FromSeconds(15));

        Assert.Contains(how == "read-only state_dir" ? $"state_dir {stateDir} is not writable" : "a unix socket path holds at most 107", status.SafeMode);
        Assert.Empty(status.Vrrp);
        Assert.True(status.Pid1);
        Assert.False(init.HasExited);
        Assert.True(init.WaitForLog("SAFE MODE", TimeSpan.FromSeconds(5)), "the reason is not on the console");
    }

    [RootFact]
    public void A_confirmed_change_is_rolled_back_when_the_supervisor_is_killed_inside_its_window()
    {
        StartAppliance(B1, new PairSettings { AdvertInterval = Fast }, 200);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        var original = File.ReadAllText(B1.ConfigPath);

        Cmd.Run(Lab.ApplianceBinary, "config", "set", "vrrp:web:priority=120", "--confirm", "60", "--socket", B1.ControlSocket);
        Assert.Equal(120, B1.Status().Vrrp[0].Priority);
        Assert.True(File.Exists(B1.ConfigPath + ".pending"));
        B1.Appliance!.Signal(Signals.SIGKILL);
        Assert.True(B1.Appliance.WaitForExit(TimeSpan.FromSeconds(5)));

        using var restarted = Restart("appliance-2");
        var status = WaitForStatus(B1.ControlSocket, s => s.Vrrp.Count == 1 && s.Vrrp[0].State == "master", TimeSpan.FromSeconds(10));

        Assert.Equal(200, status.Vrrp[0].Priority);
        Assert.Null(status.PendingCommit);
        Assert.Equal(original, File.ReadAllText(B1.ConfigPath));
        Assert.False(File.Exists(B1.ConfigPath + ".pending"));
        // Output reaches the log file through a pipe and a pump: wait for the line rather than read once.
        Assert.True(restarted.WaitForLog("rolled back before start: the supervisor was interrupted", TimeSpan.FromSeconds(10)), restarted.Log());
    }

    [RootFact]
    public void After_an_orderly_restart_inside_the_window_confirm_still_works_and_an_unconfirmed_change_still_expires()
    {
        StartAppliance(B1, new PairSettings { AdvertInterval = Fast }, 200);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));

        // Half one: confirmed after the restart, the change stays.
        Cmd.Run(Lab.ApplianceBinary, "config", "set", "vrrp:web:priority=120", "--confirm", "60", "--socket", B1.ControlSocket);
        StopOrderly(B1.Appliance!);
        using (var second = Restart("appliance-2"))
        {
            var resumed = WaitForStatus(B1.ControlSocket, s => s.Vrrp.Count == 1 && s.Vrrp[0].State == "master", TimeSpan.FromSeconds(10));
            Assert.Equal(120, resumed.Vrrp[0].Priority);
            Assert.InRange(resumed.PendingCommit!.SecondsLeft, 30, 60);
            Cmd.Run(Lab.ApplianceBinary, "config", "confirm", "--socket", B1.ControlSocket);
            Assert.Null(B1.Status().PendingCommit);
            Assert.False(File.Exists(B1.ConfigPath + ".pending"));

            // Half two: not confirmed, it expires at its first deadline even though the supervisor restarted.
            Cmd.Run(Lab.ApplianceBinary, "config", "set", "vrrp:web:priority=90", "--confirm", "20", "--socket", B1.ControlSocket);
            StopOrderly(second);
        }

        using var third = Restart("appliance-3");
        var pending = WaitForStatus(B1.ControlSocket, s => s.Vrrp.Count == 1 && s.Vrrp[0].Priority == 90, TimeSpan.FromSeconds(10));
        Assert.NotNull(pending.PendingCommit);
        var back = WaitForStatus(B1.ControlSocket, s => s.Vrrp[0].Priority == 120, TimeSpan.FromSeconds(30));
        Assert.Null(back.PendingCommit);
        Assert.Contains("priority = 120", File.ReadAllText(B1.ConfigPath));
        Assert.True(third.WaitForLog("the commit was not confirmed in time", TimeSpan.FromSeconds(10)), third.Log());
    }

    /// <summary>appliance as PID 1 of new PID, mount and UTS namespaces, through a shell that prepares the mounts and execs it.</summary>
    private LabProcess StartAsInit(string name, string script) =>
        LabProcess.Start(name, B1.Namespace, B1.Log(name), "/usr/bin/unshare",
            ["--pid", "--fork", "--kill-child", "--mount-proc", "--uts", "/bin/sh", "-c", script]);

    /// <summary>Safe mode uses the default state_dir (/run/appliance): a private /run keeps it off the host's.</summary>
    private static string PrivateRun(string then) => $"mount -t tmpfs tmpfs /run && {then}";

    private LabProcess Restart(string name) =>
        LabProcess.Start(name, B1.Namespace, B1.Log(name), Lab.ApplianceBinary, ["run", "--config", B1.ConfigPath]);

    private static void StopOrderly(LabProcess appliance)
    {
        appliance.Signal(Signals.SIGTERM);
        Assert.True(appliance.WaitForExit(TimeSpan.FromSeconds(10)), "did not stop");
        Assert.Equal(0, appliance.ExitCode);
    }

    /// <summary>The appliance: the child of unshare, PID 1 inside.</summary>
    private static int ApplianceOf(LabProcess init)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < until)
        {
            var children = File.ReadAllText($"/proc/{init.Pid}/task/{init.Pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length == 1)
            {
                return int.Parse(children[0], CultureInfo.InvariantCulture);
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException("unshare has no child");
    }

    private static StatusReport WaitForStatus(string socket, Func<StatusReport, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        StatusReport? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                last = ControlClient.Send(socket, new ControlRequest { Command = "status" }, TimeSpan.FromSeconds(2)).Status;
                if (last is not null && condition(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is ControlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                // Not listening yet.
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"status at {socket} never matched; last: {(last is null ? "none" : StatusText.Format(last))}");
    }
}
