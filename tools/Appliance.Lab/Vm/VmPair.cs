namespace Appliance.Lab.Vm;

/// <summary>
/// The pair the firmware is made for, as the README's demo and the image tests boot it on a <see cref="VmLan"/>:
/// vm1 (192.0.2.11, priority 200) is the master, vm2 (192.0.2.12, priority 100) the backup, VIP 192.0.2.10 with
/// <see cref="BoxIni"/>'s 100 ms adverts.
/// </summary>
public static class VmPair
{
    public const string VipUrl = "http://192.0.2.10/";

    /// <summary>Master_Down_Interval of the priority-100 backup at 100 ms adverts (RFC 9568 6.1): 3 x 100 + (256 - 100) x 100 / 256 ms.</summary>
    public static readonly TimeSpan MasterDownInterval = TimeSpan.FromMilliseconds(360.9375);

    /// <summary>
    /// Starts both VMs, each from the disk that <paramref name="prepare"/> (box name, appliance.ini) returns: a copy
    /// of the image with that configuration on its data partition.
    /// </summary>
    public static (QemuVm Master, QemuVm Backup) Boot(VmLan lan, Func<string, string, string> prepare)
    {
        var master = Start(lan, prepare, "vm1", "192.0.2.11/24", 200, "52:54:00:c0:00:11");
        try
        {
            return (master, Start(lan, prepare, "vm2", "192.0.2.12/24", 100, "52:54:00:c0:00:12"));
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    private static QemuVm Start(VmLan lan, Func<string, string, string> prepare, string name, string address, int priority, string mac)
    {
        var disk = prepare(name, new BoxIni { Hostname = name, Address = address, Priority = priority, Shell = false }.ToString());
        return new QemuVm(new QemuOptions { Disk = disk, Tap = lan.AddTap($"tap-{name}"), Namespace = lan.Switch, Mac = mac }, name);
    }
}
