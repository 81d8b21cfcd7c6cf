using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>keepalived-style notify programs with the real binary.</summary>
public sealed class NotifyTests(ITestOutputHelper output) : LabTest(output)
{
    [RootFact]
    public void A_keepalived_notify_script_gets_its_arguments_and_notify_master_runs_without_them()
    {
        var record = Path.Combine(B1.Directory, "notify.log");
        var script = Path.Combine(B1.Directory, "notify.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$*\" >> {record}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var settings = new PairSettings { AdvertInterval = Fast };
        B1.StartNginx();
        var ini = ApplianceIni.For(B1, 150, settings, Lab.Boxes.Where(b => b != B1)).Replace(
            "[vrrp:web]\n", $"[vrrp:web]\nnotify = {script} site-a\nnotify_master = {script} became-master\n", StringComparison.Ordinal);
        Assert.Contains("notify_master", ini, StringComparison.Ordinal);
        B1.StartAppliance(ini);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));

        var expected = new[] { "site-a INSTANCE web BACKUP 150", "became-master", "site-a INSTANCE web MASTER 150" };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        string[] lines = [];
        while (DateTime.UtcNow < until && lines.Length < expected.Length)
        {
            Thread.Sleep(50);
            lines = File.Exists(record) ? File.ReadAllLines(record) : [];
        }

        Assert.Equal(expected, lines);

        // On SIGTERM the instance stops: keepalived's STOP.
        B1.Appliance!.Signal(Signals.SIGTERM);
        Assert.True(B1.Appliance.WaitForExit(TimeSpan.FromSeconds(10)), Logs());
        Assert.Equal("site-a INSTANCE web STOP 150", File.ReadAllLines(record)[^1]);
    }
}
