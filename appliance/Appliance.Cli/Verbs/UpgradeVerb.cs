using Appliance.Control;
using Appliance.Supervisor.Upgrade;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance upgrade BUNDLE [--check] [--allow-downgrade] [--no-reboot]</c>: verifies the bundle (signature by a
/// key this image trusts, payload digests and sizes, targets confined to the other slot, no downgrade), installs it
/// into the slot that is not running, arms a one-time trial boot of it, and asks the supervisor for an orderly
/// reboot (masters hand over first). The new slot is confirmed once it runs healthy; otherwise the next boot is the
/// old one. <c>--check</c> verifies and prints what would be installed, and changes nothing.
/// </summary>
internal static class UpgradeVerb
{
    public static Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--no-reboot", "--check", "--allow-downgrade" });
        var noReboot = options.Flag("--no-reboot");
        var check = options.Flag("--check");
        var allowDowngrade = options.Flag("--allow-downgrade");
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        if (options.Positional is not [var bundle])
        {
            throw new UsageException("one update bundle (appliance-update-VERSION.tar) is needed");
        }

        if (!File.Exists(bundle))
        {
            throw new CommandFailedException($"{bundle} does not exist");
        }

        var boot = BootEnvironment.Read()
            ?? throw new CommandFailedException($"{BootEnvironment.DefaultPath} is missing: this box did not boot from the appliance image, so it has no slots to upgrade");
        var installer = new SlotInstaller(boot, Console.Out.WriteLine);
        if (check)
        {
            try
            {
                installer.Check(bundle, allowDowngrade);
            }
            catch (Exception e) when (e is UpgradeException or IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException($"refused: {e.Message}");
            }

            Console.Out.WriteLine("this box would accept the bundle (nothing was changed)");
            return Task.FromResult(ExitCodes.Ok);
        }

        string slot;
        try
        {
            slot = installer.Install(bundle, allowDowngrade);
        }
        catch (Exception e) when (e is UpgradeException or IOException or UnauthorizedAccessException or Linux.SystemCallException)
        {
            throw new CommandFailedException($"upgrade failed, nothing changes at the next boot: {e.Message}");
        }

        if (noReboot)
        {
            Console.Out.WriteLine($"slot {slot} is armed; reboot (appliance console, or the control socket's reboot) to try it");
            return Task.FromResult(ExitCodes.Ok);
        }

        var response = ControlTarget.Send(socket, new ControlRequest { Command = "reboot" });
        if (!response.Ok)
        {
            throw new CommandFailedException($"slot {slot} is armed, but the reboot was refused: {response.Error}");
        }

        Console.Out.WriteLine($"rebooting into slot {slot}: {string.Join("; ", response.Messages ?? [])}");
        return Task.FromResult(ExitCodes.Ok);
    }
}
