using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Host;

/// <summary>What only an init does to the machine: hostname, sync, reboot and power off, Ctrl-Alt-Del.</summary>
public static unsafe class SystemControl
{
    public static void SetHostname(string name)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        fixed (byte* b = bytes)
        {
            if (LibC.sethostname(b, bytes.Length) == -1)
            {
                throw Interop.Failure($"sethostname {name}");
            }
        }
    }

    public static void Sync() => LibC.sync();

    /// <summary>Ctrl-Alt-Del then arrives at PID 1 as SIGINT instead of an immediate reboot.</summary>
    public static bool TryDisableCtrlAltDel() => Interop.reboot(Interop.RB_DISABLE_CAD) == 0;

    /// <summary>
    /// kill(-1, signal): every process the caller may signal except itself; from PID 1 every process of user space.
    /// ESRCH (nobody left) is not a failure.
    /// </summary>
    public static void SignalAll(int signal)
    {
        if (LibC.kill(-1, signal) == -1 && Interop.LastErrno != Errno.ESRCH)
        {
            throw Interop.Failure($"kill(-1, {signal})");
        }
    }

    /// <summary>Restarts or powers off the machine (from PID 1 of a PID namespace: ends the namespace). Syncs first.</summary>
    public static void Reboot(bool powerOff)
    {
        LibC.sync();
        if (Interop.reboot(powerOff ? Interop.RB_POWER_OFF : Interop.RB_AUTOBOOT) == -1)
        {
            throw Interop.Failure(powerOff ? "reboot(RB_POWER_OFF)" : "reboot(RB_AUTOBOOT)");
        }
    }
}
