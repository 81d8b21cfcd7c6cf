using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Appliance.Control;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>The control socket against idle, half-sent and unprivileged clients, with the real binary.</summary>
public sealed class ControlSocketTests(ITestOutputHelper output) : LabTest(output, boxes: 1)
{
    private string ConsoleSocket => ControlProtocol.ConsoleSocketPath(B1.StateDirectory);

    private void StartBox(string? controlGroup = null)
    {
        B1.StartNginx();
        var ini = ApplianceIni.For(B1, 200, new PairSettings(), []);
        if (controlGroup is not null)
        {
            ini = ini.Replace("[system]\n", $"[system]\ncontrol_group = {controlGroup}\n", StringComparison.Ordinal);
        }

        B1.StartAppliance(ini);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
    }

    private static Socket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    [RootFact]
    public void Sixty_four_idle_connections_keep_neither_status_nor_the_console_out()
    {
        StartBox();
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                idle.Add(Connect(B1.ControlSocket));
            }

            for (var i = 0; i < 8; i++)
            {
                idle.Add(Connect(ConsoleSocket));
            }

            var status = Cmd.TryRun(TimeSpan.FromSeconds(30), Lab.ApplianceBinary, "status", "--socket", B1.ControlSocket);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("web", status.StandardOutput, StringComparison.Ordinal);

            var console = Cmd.TryRunWithInput("1\nq\n", TimeSpan.FromSeconds(60), Lab.ApplianceBinary, "console", "--socket", ConsoleSocket);
            Assert.True(console.ExitCode == 0, console.ToString());
            Assert.Contains("Choice:", console.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("MASTER", console.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [RootFact]
    public void A_half_sent_request_is_closed_after_the_idle_timeout()
    {
        StartBox();
        using var socket = Connect(B1.ControlSocket);
        socket.ReceiveTimeout = 30_000;
        socket.Send("{\"command\":\"sta"u8);
        var watch = Stopwatch.StartNew();

        var read = socket.Receive(new byte[256]);

        Assert.Equal(0, read);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(25));
    }

    [RootFact]
    public void A_peer_that_is_not_root_is_refused_and_the_control_group_may_only_ask_for_status()
    {
        StartBox(controlGroup: "nogroup");
        // Let an unprivileged process reach the socket (the lab's directories are root's).
        foreach (var dir in new[] { Lab.WorkDirectory, B1.Directory, B1.StateDirectory })
        {
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }

        CmdResult AsNobody(string group, params string[] args) => Cmd.TryRun(
            TimeSpan.FromSeconds(30), "setpriv", ["--reuid=nobody", $"--regid={group}", "--clear-groups", Lab.ApplianceBinary, .. args, "--socket", B1.ControlSocket]);

        var status = AsNobody("nogroup", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("web", status.StandardOutput, StringComparison.Ordinal);

        var failover = AsNobody("nogroup", "failover", "web");
        Assert.NotEqual(0, failover.ExitCode);
        Assert.Contains("permission denied", failover.StandardError + failover.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("master", B1.VrrpState());

        // Another group: the socket file keeps it out, and with the file opened to all the supervisor still does.
        Assert.NotEqual(0, AsNobody("daemon", "status").ExitCode);
        File.SetUnixFileMode(B1.ControlSocket, (UnixFileMode)0x1B6);
        var refused = AsNobody("daemon", "status");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("permission denied: this socket answers root", refused.StandardError + refused.StandardOutput, StringComparison.Ordinal);
        Assert.True(B1.Appliance!.WaitForLog("uid 65534", TimeSpan.FromSeconds(5)), File.ReadAllText(B1.Log("appliance")));
    }
}
