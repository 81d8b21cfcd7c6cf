using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Appliance.Image.Tests.Infrastructure;

internal sealed record QemuOptions
{
    public required string Disk { get; init; }
    public string? ExtraDrive { get; init; }
    // The VM's NIC is this tap device; qemu runs inside NetworkNamespace (where the tap lives).
    public string? Tap { get; init; }
    public string? NetworkNamespace { get; init; }
    public string Mac { get; init; } = "52:54:00:c0:00:0b";
    // Direct kernel boot (qemu loads kernel and initramfs, no boot loader): what a box does when the firmware
    // did not let ldlinux clear its boot-once label.
    public string? Kernel { get; init; }
    public string? Initrd { get; init; }
    public string? Append { get; init; }
    public int MemoryMib { get; init; } = 512;
}

// A VM under qemu's software emulation (TCG, as in CI), booting the raw disk like a box would, with its serial
// console on qemu's stdin/stdout: the test reads console lines and types commands. Killed on Dispose.
internal sealed partial class QemuVm : IDisposable
{
    private readonly Process _process;
    private readonly Channel<(TimeSpan At, string Line)> _lines = Channel.CreateUnbounded<(TimeSpan, string)>();
    private readonly StringBuilder _transcript = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _reader;

    public QemuVm(QemuOptions options)
    {
        var arguments = new List<string>
        {
            "-accel", "tcg", "-m", options.MemoryMib.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-display", "none", "-serial", "stdio", "-monitor", "none", "-boot", "menu=off",
            "-device", "virtio-rng-pci",
            "-drive", $"file={options.Disk},format=raw,if=virtio",
        };
        if (options.Kernel is not null)
        {
            arguments.AddRange(["-kernel", options.Kernel, "-initrd", options.Initrd ?? "", "-append", options.Append ?? ""]);
        }
        if (options.ExtraDrive is not null)
        {
            arguments.AddRange(["-drive", $"file={options.ExtraDrive},format=raw,if=virtio,readonly=on"]);
        }
        if (options.Tap is not null)
        {
            arguments.AddRange(["-netdev", $"tap,id=n0,ifname={options.Tap},script=no,downscript=no", "-device", $"virtio-net-pci,netdev=n0,mac={options.Mac}"]);
        }
        else
        {
            arguments.AddRange(["-nic", "none"]);
        }
        var info = options.NetworkNamespace is null
            ? new ProcessStartInfo("qemu-system-x86_64")
            : new ProcessStartInfo("ip");
        if (options.NetworkNamespace is not null)
        {
            arguments.InsertRange(0, ["netns", "exec", options.NetworkNamespace, "qemu-system-x86_64"]);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        CommandLine = $"{info.FileName} {string.Join(' ', arguments)}";
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start qemu");
        _clock.Restart();
        _reader = Task.Run(ReadConsole);
        _process.ErrorDataReceived += (_, e) => Record(e.Data is null ? null : $"[qemu] {e.Data}");
        _process.BeginErrorReadLine();
    }

    public string CommandLine { get; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    // Waits for a console line matching the pattern; lines before it are consumed.
    public async Task<(TimeSpan At, string Line)> WaitForAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var (at, line) = await _lines.Reader.ReadAsync(cancel.Token);
                if (regex.IsMatch(line))
                {
                    return (at, line);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"no console line matching /{pattern}/ within {timeout.TotalSeconds} s " +
                $"({(_process.HasExited ? $"qemu exited with {_process.ExitCode}" : "qemu still running")}); console so far:\n{Tail(Transcript, 60)}");
        }
    }

    public void Send(string line)
    {
        _process.StandardInput.Write(line + "\n");
        _process.StandardInput.Flush();
    }

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

    private async Task ReadConsole()
    {
        var line = new StringBuilder();
        var buffer = new char[4096];
        var reader = _process.StandardOutput;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    Record(line.ToString());
                    line.Clear();
                }
                else if (buffer[i] != '\r')
                {
                    line.Append(buffer[i]);
                }
            }
        }
        if (line.Length > 0)
        {
            Record(line.ToString());
        }
        _lines.Writer.TryComplete();
    }

    private void Record(string? raw)
    {
        if (raw is null)
        {
            return;
        }
        var line = TerminalEscapes().Replace(raw, "");
        var at = _clock.Elapsed;
        lock (_transcript)
        {
            _transcript.Append(at.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(line).Append('\n');
        }
        _lines.Writer.TryWrite((at, line));
    }

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    // SeaBIOS and the kernel clear the screen and set modes: ESC c, ESC [ ... letter.
    [GeneratedRegex("\u001b(\\[[0-9;?]*[A-Za-z]|[A-Za-z])")]
    private static partial Regex TerminalEscapes();
}
