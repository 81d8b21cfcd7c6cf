using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Lab.Vm;

public sealed record QemuOptions
{
    public required string Disk { get; init; }

    /// <summary>raw (disk.img) or qcow2 (disk.qcow2).</summary>
    public string DiskFormat { get; init; } = "raw";

    /// <summary>A second virtio disk (/dev/vdb in the guest), read-only: a "USB stick" with update bundles.</summary>
    public string? ExtraDrive { get; init; }

    /// <summary>The VM's NIC is this tap device; qemu then runs inside <see cref="Namespace"/>, where the tap lives.</summary>
    public string? Tap { get; init; }

    public NetworkNamespace? Namespace { get; init; }

    public string Mac { get; init; } = "52:54:00:c0:00:0b";

    // Direct kernel boot (qemu loads kernel and initramfs, no boot loader): what a box does when the firmware
    // did not let ldlinux clear its boot-once label.
    public string? Kernel { get; init; }

    public string? Initrd { get; init; }

    public string? Append { get; init; }

    public int MemoryMib { get; init; } = 512;

    /// <summary>
    /// qemu's own defaults, as an operator who types `qemu-system-x86_64 -drive file=disk.img` gets them: an IDE disk,
    /// an e1000 NIC, 128 MiB of memory, no entropy device. Otherwise the VM has virtio devices and
    /// <see cref="MemoryMib"/>.
    /// </summary>
    public bool QemuDefaults { get; init; }

    /// <summary>
    /// An Intel 6300ESB watchdog (PCI, driver i6300esb) whose expiry resets the VM, as a box's hardware watchdog does.
    /// </summary>
    public bool Watchdog { get; init; }
}

/// <summary>
/// A VM under qemu's software emulation (TCG, as in CI: no KVM), booting the raw disk like a box would, with its
/// serial console on qemu's stdin and stdout: the test reads what the console shows and types on it. Killing qemu is
/// a power cut. Killed on Dispose.
/// </summary>
public sealed class QemuVm : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConsoleText _console;
    private readonly Task _reader;

    public QemuVm(QemuOptions options, string name = "vm")
    {
        Name = name;
        _console = new ConsoleText(_clock);
        var arguments = new List<string> { "-accel", "tcg", "-display", "none", "-serial", "stdio", "-monitor", "none", "-boot", "menu=off" };
        arguments.AddRange(options.QemuDefaults
            ? ["-drive", $"file={options.Disk},format={options.DiskFormat}"]
            : ["-m", options.MemoryMib.ToString(CultureInfo.InvariantCulture), "-device", "virtio-rng-pci", "-drive", $"file={options.Disk},format={options.DiskFormat},if=virtio"]);
        if (options.Kernel is not null)
        {
            arguments.AddRange(["-kernel", options.Kernel, "-initrd", options.Initrd ?? "", "-append", options.Append ?? ""]);
        }

        if (options.Watchdog)
        {
            arguments.AddRange(["-device", "i6300esb", "-action", "watchdog=reset"]);
        }

        if (options.ExtraDrive is not null)
        {
            arguments.AddRange(["-drive", $"file={options.ExtraDrive},format=raw,if=virtio,readonly=on"]);
        }

        if (options.Tap is not null)
        {
            var model = options.QemuDefaults ? "e1000" : "virtio-net-pci";
            arguments.AddRange(["-netdev", $"tap,id=n0,ifname={options.Tap},script=no,downscript=no", "-device", $"{model},netdev=n0,mac={options.Mac}"]);
        }
        else
        {
            arguments.AddRange(["-nic", "none"]);
        }

        // ip netns exec execs qemu: the pid is qemu's own, and killing it is a power cut of this VM only.
        string[] command = options.Namespace is null
            ? ["qemu-system-x86_64", .. arguments]
            : ["ip", "netns", "exec", options.Namespace.Name, "qemu-system-x86_64", .. arguments];
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command[1..])
        {
            info.ArgumentList.Add(argument);
        }

        CommandLine = string.Join(' ', command);
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start qemu");
        _clock.Restart();
        _reader = Task.Run(ReadConsole);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _console.Append($"[qemu] {e.Data}\n");
            }
        };
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string CommandLine { get; }

    public int Pid => _process.Id;

    /// <summary>Time since qemu started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public bool HasExited => _process.HasExited;

    public string Transcript => _console.All();

    /// <summary>Waits for a pattern (a regular expression, multiline) on the console after the previous match.</summary>
    public Task<ConsoleMatch> WaitForAsync(string pattern, TimeSpan timeout) =>
        _console.WaitForAsync(new Regex(pattern, RegexOptions.Multiline), timeout, State);

    /// <summary>The ready banner of <c>appliance run</c> as PID 1: "appliance VERSION ready: HOSTNAME".</summary>
    public Task<ConsoleMatch> WaitForReadyAsync(string hostname, TimeSpan timeout) =>
        WaitForAsync($@"appliance (\S+) ready: {Regex.Escape(hostname)}$", timeout);

    /// <summary>Types on the serial line (a terminal sends CR for Enter).</summary>
    public void Send(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Flush();
    }

    /// <summary>Pulls the plug: SIGKILL to qemu, as a box that loses power or dies says nothing to its peer.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    public string Tail(int lines = 60) => _console.Tail(lines);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _reader.Wait(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    public override string ToString() => Name;

    private string State() => _process.HasExited
        ? $"{Name}: qemu exited with {_process.ExitCode} after {_clock.Elapsed.TotalSeconds:0.0} s"
        : $"{Name}: qemu running for {_clock.Elapsed.TotalSeconds:0.0} s";

    private async Task ReadConsole()
    {
        var buffer = new char[4096];
        var reader = _process.StandardOutput;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            _console.Append(buffer.AsSpan(0, read));
        }

        _console.Close();
    }
}
