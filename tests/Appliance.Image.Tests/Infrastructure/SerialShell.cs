using System.Text.Json;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>The A/B state a running box reports (`appliance status --json`, "boot").</summary>
internal sealed record BootState(string Slot, string ConfirmedSlot, bool Trial)
{
    public override string ToString() => $"slot {Slot}{(Trial ? " (trial)" : "")}, confirmed slot {ConfirmedSlot}";
}

/// <summary>What a command typed into the VM's shell printed, and its exit status.</summary>
internal sealed record ShellOutput(int ExitCode, string Output)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// The shell of a booted VM, reached the way an operator reaches it: the appliance keeps <c>appliance console</c>
/// running on the serial line, and with <c>[system] shell = true</c> its menu offers a root shell ("shell" at the
/// prompt). Commands are framed by markers that only the shell's output can contain: the typed line has
/// <c>$((6*7))</c> where the output has 42, so the terminal's echo of the command never matches.
/// </summary>
internal sealed class SerialShell
{
    private static int _commands;
    private readonly QemuVm _vm;

    private SerialShell(QemuVm vm) => _vm = vm;

    /// <summary>Waits for the console's prompt, asks for the shell, and waits for busybox's greeting.</summary>
    public static async Task<SerialShell> OpenAsync(QemuVm vm, TimeSpan timeout)
    {
        await vm.WaitForAsync("Choice:", timeout);
        vm.Send("shell\r");
        await vm.WaitForAsync("built-in shell", timeout);
        return new SerialShell(vm);
    }

    /// <summary>Runs a command line and returns what it printed (from the shell's point of view: stdout and stderr).</summary>
    public async Task<ShellOutput> RunAsync(string command, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _commands);
        _vm.Send($"echo \"@{id}-begin-$((6*7))@\"; {{ {command}; }} 2>&1; echo \"@{id}-end-$?-$((6*7))@\"\r");
        await _vm.WaitForAsync($"@{id}-begin-42@\n", timeout);
        var end = await _vm.WaitForAsync($@"@{id}-end-(\d+)-42@", timeout);
        return new ShellOutput(int.Parse(end.Group(1), System.Globalization.CultureInfo.InvariantCulture), end.Before);
    }

    /// <summary>Runs a command line that must succeed; returns its output.</summary>
    public async Task<string> CheckAsync(string command, TimeSpan timeout)
    {
        var result = await RunAsync(command, timeout);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"`{command}` in {_vm} exited with {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>Types a command whose end is not a prompt (it reboots or powers off the box).</summary>
    public void Start(string command) => _vm.Send(command + "\r");

    /// <summary>The slots as the running appliance sees them.</summary>
    public async Task<BootState> BootStateAsync(TimeSpan timeout)
    {
        using var status = JsonDocument.Parse(await CheckAsync("appliance status --json", timeout));
        var boot = status.RootElement.GetProperty("boot");
        return new BootState(boot.GetProperty("slot").GetString()!, boot.GetProperty("confirmed_slot").GetString()!, boot.GetProperty("trial").GetBoolean());
    }

    /// <summary>
    /// `appliance upgrade BUNDLE` as an operator types it: it writes the other slot, arms the trial and asks the
    /// supervisor for an orderly reboot. Returns the slot that boots next once it is armed. (Its last line, "rebooting
    /// into slot ...", is often lost: the reboot hangs up the console, and the shell and the command with it.)
    /// </summary>
    public async Task<string> UpgradeAsync(string bundle, TimeSpan timeout)
    {
        Start($"appliance upgrade {bundle}");
        var outcome = await _vm.WaitForAsync(@"^slot ([AB]) boots once at the next reboot|^appliance upgrade: .*$", timeout);
        return outcome.Text.StartsWith("slot", StringComparison.Ordinal)
            ? outcome.Group(1)
            : throw new InvalidOperationException($"`appliance upgrade {bundle}` in {_vm} failed: {outcome.Text}\n{outcome.Before}");
    }
}
