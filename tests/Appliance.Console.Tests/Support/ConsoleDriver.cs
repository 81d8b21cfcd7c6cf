using System.Diagnostics;
using System.Text;
using Appliance.Lab;

namespace Appliance.ConsoleUi.Tests.Support;

/// <summary>
/// A person at a terminal: <c>appliance console</c> runs on the slave side of a pty (in a box's namespace, against
/// its supervisor), the driver holds the master, reads the screen as a VT100 would show it, types, and waits for
/// what a person would wait for. Reading can pause (a stopped terminal) or crawl (a 9600-baud line).
/// </summary>
internal sealed class ConsoleDriver : IDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly Pty _pty;
    private readonly LabProcess _process;
    private readonly Thread _reader;
    private readonly object _lock = new();
    private readonly TerminalEmulator _screen;
    private readonly LineRecorder _paper = new();
    private readonly MemoryStream _raw = new();
    private volatile bool _paused;
    private volatile int _bytesPerSecond;
    private volatile bool _stopping;

    private ConsoleDriver(Pty pty, LabProcess process, int columns, int rows)
    {
        _pty = pty;
        _process = process;
        _screen = new TerminalEmulator(columns, rows) { Respond = bytes => _pty.Write(bytes) };
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "pty reader" };
        _reader.Start();
    }

    public LabProcess Process => _process;

    /// <summary>Starts the console in <paramref name="box"/>'s namespace on a fresh pty.</summary>
    /// <param name="ptySize">What the kernel says the window is, when not the emulator's size; (0, 0): unknown, as on a serial line.</param>
    public static ConsoleDriver Start(Lan lab, LabBox box, string term = "vt100", int columns = 80, int rows = 24, (int Columns, int Rows)? ptySize = null, params string[] extra)
    {
        var pty = Pty.Open(ptySize?.Columns ?? columns, ptySize?.Rows ?? rows);
        try
        {
            var log = Path.Combine(box.Directory, $"console-{Environment.TickCount64}.log");
            var process = LabProcess.Start($"{box.Name}/console", box.Namespace, log, lab.ApplianceBinary,
                ["console", "--tty", pty.SlavePath, "--socket", box.ControlSocket, .. extra],
                environment: new Dictionary<string, string> { ["TERM"] = term });
            return new ConsoleDriver(pty, process, columns, rows);
        }
        catch
        {
            pty.Dispose();
            throw;
        }
    }

    public string Screen
    {
        get
        {
            lock (_lock)
            {
                return _screen.Text;
            }
        }
    }

    /// <summary>Everything printed, as a teletype would have it (for plain mode and recorded sessions).</summary>
    public string Paper
    {
        get
        {
            lock (_lock)
            {
                return _paper.Text;
            }
        }
    }

    public byte[] Raw
    {
        get
        {
            lock (_lock)
            {
                return _raw.ToArray();
            }
        }
    }

    public IReadOnlyList<string> UnknownSequences
    {
        get
        {
            lock (_lock)
            {
                return _screen.Unknown.ToList();
            }
        }
    }

    public long BytesReceived
    {
        get
        {
            lock (_lock)
            {
                return _screen.Bytes;
            }
        }
    }

    public (int Row, int Column) Cursor
    {
        get
        {
            lock (_lock)
            {
                return (_screen.Row, _screen.Column);
            }
        }
    }

    public string Line(int row)
    {
        lock (_lock)
        {
            return _screen.Line(row);
        }
    }

    public void Type(string text) => _pty.Write(Encoding.ASCII.GetBytes(text));

    /// <summary>The person resizes the terminal window: the kernel sends SIGWINCH to the console.</summary>
    public void Resize(int columns, int rows) => _pty.Resize(columns, rows);

    public void Send(params byte[] bytes) => _pty.Write(bytes);

    /// <summary>Types a line and Enter (CR, as a terminal's Return key sends).</summary>
    public void Enter(string text = "") => Type(text + "\r");

    public void PauseReading() => _paused = true;

    public void ResumeReading() => _paused = false;

    /// <summary>Reads no faster than a serial line of this many bytes per second (960 for 9600 baud 8N1); 0: as fast as it comes.</summary>
    public void Throttle(int bytesPerSecond) => _bytesPerSecond = bytesPerSecond;

    /// <summary>Waits until the screen shows <paramref name="text"/>; fails with the screen and the console's log.</summary>
    public void WaitFor(string text, TimeSpan? timeout = null) => WaitUntil(() => Screen.Contains(text, StringComparison.Ordinal), $"'{text}' on the screen", timeout);

    /// <summary>Waits until <paramref name="text"/> has been printed at all (it may have scrolled away since).</summary>
    public void WaitForPrinted(string text, TimeSpan? timeout = null) => WaitUntil(() => Printed(text), $"'{text}' printed", timeout);

    /// <summary>True when <paramref name="text"/> was printed, also across a line the console wrapped (its continuation is indented by two).</summary>
    public bool Printed(string text)
    {
        string shown;
        string paper;
        lock (_lock)
        {
            shown = _screen.Shown;
            paper = _paper.Text;
        }

        return new[] { paper, shown }.Any(t => t.Contains(text, StringComparison.Ordinal)
            || t.Replace("\n  ", " ", StringComparison.Ordinal).Contains(text, StringComparison.Ordinal));
    }

    public void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        var limit = timeout ?? DefaultWait;
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new Xunit.Sdk.XunitException($"waited {limit.TotalSeconds:0.#} s for {what}\n--- screen ---\n{Screen}\n--- console log ---\n{_process.Log()}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>The number of times <paramref name="text"/> has been printed so far.</summary>
    public int Count(string text)
    {
        var paper = Paper;
        var count = 0;
        for (var i = paper.IndexOf(text, StringComparison.Ordinal); i >= 0; i = paper.IndexOf(text, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Pulls the cable: the master side closes, the console sees the line hang up.</summary>
    public void HangUp()
    {
        // A read in progress would keep the master open after close(2): stop the reader first.
        _stopping = true;
        _reader.Join(TimeSpan.FromSeconds(2));
        _pty.Dispose();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    private void ReadLoop()
    {
        var buffer = new byte[4096];
        while (!_stopping && !_pty.Closed)
        {
            if (_paused)
            {
                Thread.Sleep(10);
                continue;
            }

            var rate = _bytesPerSecond;
            var chunk = rate > 0 ? Math.Max(1, rate / 50) : buffer.Length;
            var n = _pty.Read(buffer.AsSpan(0, chunk), TimeSpan.FromMilliseconds(50));
            if (n == 0)
            {
                continue;
            }

            if (n < 0)
            {
                return;
            }

            lock (_lock)
            {
                _screen.Feed(buffer.AsSpan(0, n));
                _paper.Feed(buffer.AsSpan(0, n));
                _raw.Write(buffer, 0, n);
            }

            if (rate > 0)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Hangs up (the console should exit by itself), then makes sure it is gone.</summary>
    public void Dispose()
    {
        HangUp();
        _process.WaitForExit(TimeSpan.FromSeconds(3));
        _process.Dispose();
    }
}
