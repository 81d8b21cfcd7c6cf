using System.Diagnostics;
using System.Runtime.InteropServices;
using Appliance.ConsoleUi.Input;
using Appliance.ConsoleUi.Screen;
using Appliance.ConsoleUi.Session;
using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Terminal;

namespace Appliance.ConsoleUi.Edge;

/// <summary>
/// The console's edge: one event loop (Appliance.Linux's epoll loop) owns the terminal, the session, the decoder
/// and the renderer. Reads and writes are non-blocking. Output is drawn only once the previous frame has left:
/// a slow line (9600 baud) or a stopped one (XOFF, a pty nobody reads) gets fewer, later frames, never a queue
/// that grows, and the console never waits on it. A hangup (EIO, EOF, POLLHUP, SIGHUP) ends the console; the
/// supervisor starts a fresh one.
/// </summary>
internal sealed class ConsoleRuntime : IDisposable
{
    private static readonly TimeSpan FlushRetry = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MinimumTick = TimeSpan.FromMilliseconds(10);

    private readonly ConsoleHostOptions _options;
    private readonly EventLoop _loop;
    private readonly TerminalDevice _input;
    private readonly TerminalDevice _output;
    private readonly KeyDecoder _decoder = new();
    private readonly List<Key> _keys = [];
    private readonly byte[] _readBuffer = new byte[4096];
    private readonly ByteSink _sink = new();
    private readonly ConsoleSession _session;
    private readonly ChildRunner _children;
    private readonly LoopTimer _tick;
    private readonly LoopTimer _escape;
    private readonly LoopTimer _flushRetry;
    /// <summary>Rooted for the life of the process (see <see cref="Dispose"/>): one console per process.</summary>
    private static readonly List<PosixSignalRegistration> Signals = [];
    private readonly VtRenderer _screen;
    private PlainRenderer _plain;
    private byte[] _pending = [];
    private int _pendingOffset;
    private bool _fullScreen;
    private volatile bool _inShell;
    private bool _hungUp;
    private bool _inputRegistered;
    private volatile bool _stopping;

    private ConsoleRuntime(ConsoleHostOptions options, TerminalDevice input, TerminalDevice output, SessionOptions sessionOptions)
    {
        _options = options;
        _input = input;
        _output = output;
        _loop = new EventLoop((what, e) => Console.Error.WriteLine($"appliance console: {what} failed: {e}"));
        _session = new ConsoleSession(sessionOptions);
        _fullScreen = sessionOptions.FullScreen;
        _screen = new VtRenderer(_session.Columns, _session.Rows);
        _plain = new PlainRenderer();
        _children = new ChildRunner(options.SelfPath ?? Environment.ProcessPath ?? "appliance", _loop.Post);
        _tick = _loop.CreateTimer(OnTick);
        _escape = _loop.CreateTimer(OnEscapeTimeout);
        _flushRetry = _loop.CreateTimer(Flush);
    }

    public string ExitReason { get; private set; } = "";

    public int ExitCode { get; private set; }

    public static ConsoleRuntime Create(ConsoleHostOptions options)
    {
        var (input, output) = OpenTerminal(options);
        try
        {
            var term = options.Term ?? "";
            var fullScreen = !options.Plain && output.IsTerminal && term is not ("dumb" or "unknown");
            var size = options.Size ?? (output.Size() is { } known ? (known.Columns, known.Rows) : null);
            var sessionOptions = new SessionOptions
            {
                FullScreen = fullScreen,
                Interactive = input.IsTerminal,
                Columns = size?.Columns ?? 80,
                Rows = size?.Rows ?? 24,
                Device = input.IsTerminal ? input.Path : "stdin",
                SocketPath = options.SocketPath,
                KnownInterfaces = KnownInterfaces(),
            };
            var runtime = new ConsoleRuntime(options, input, output, sessionOptions);
            if (fullScreen && size is null)
            {
                runtime.ProbeSize();
            }

            return runtime;
        }
        catch
        {
            input.Dispose();
            if (!ReferenceEquals(input, output))
            {
                output.Dispose();
            }

            throw;
        }
    }

    public int Run()
    {
        _input.EnterRawMode();
        RegisterSignals();
        try
        {
            _loop.Register(_input.Handle, OnReadable);
            _inputRegistered = true;
        }
        catch (SystemCallException e) when (e.Errno == Errno.EPERM)
        {
            // A regular file as stdin (a script saved to a file) cannot be polled; it never blocks either.
            _loop.Post(OnReadable);
        }

        _session.Start(EventLoop.Now);
        Pump();
        _loop.Run();
        Finish();
        return ExitCode;
    }

    private static (TerminalDevice Input, TerminalDevice Output) OpenTerminal(ConsoleHostOptions options)
    {
        if (options.Device is { } device)
        {
            var terminal = TerminalDevice.Open(device);

            // Best effort: a console the supervisor started should get SIGHUP when the line drops, and hand a
            // shell a terminal of its own. Started from a login shell instead, it keeps that shell's session.
            terminal.TryBecomeControllingTerminal(out _);
            return (terminal, terminal);
        }

        if (TerminalDevice.IsTerminalDescriptor(0) && TerminalDevice.NameOf(0) is { } name)
        {
            var terminal = TerminalDevice.Open(name);
            return (terminal, terminal);
        }

        return (TerminalDevice.Borrow(0, "stdin"), TerminalDevice.Borrow(1, "stdout"));
    }

    /// <summary>The box's link names, so that local checks accept an interface the kernel has but the file does not declare.</summary>
    private static IReadOnlyCollection<string>? KnownInterfaces()
    {
        try
        {
            return Directory.Exists("/sys/class/net")
                ? Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>().ToList()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A serial line does not know the screen size: ask the terminal where the cursor ends up at 999;999.</summary>
    private void ProbeSize()
    {
        _session.ExpectCursorReport();
        Enqueue("\e7\e[999;999H\e[6n\e8"u8);
    }

    private void RegisterSignals()
    {
        Signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ =>
        {
            if (!_stopping)
            {
                _loop.Post(OnResize);
            }
        }));
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            Signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                var name = context.Signal.ToString();
                if (!_stopping)
                {
                    _loop.Post(() => Stop(0, $"{name} received", hungUp: context.Signal == PosixSignal.SIGHUP));
                }
            }));
        }

        // ^C, ^\ and ^Z typed in the shell reach our process group too: they are the shell's, not ours.
        Signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            if (!_inShell && !_stopping)
            {
                _loop.Post(() => Stop(0, "SIGINT received", hungUp: false));
            }
        }));
        Signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true));
        Signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTSTP, context => context.Cancel = true));
    }

    private void OnReadable()
    {
        var now = EventLoop.Now;
        for (var rounds = 0; rounds < 16 && !_stopping; rounds++)
        {
            var io = _input.Read(_readBuffer);
            if (io.Status == TerminalIoStatus.Done)
            {
                _keys.Clear();
                _decoder.Feed(_readBuffer.AsSpan(0, io.Bytes), _keys);
                foreach (var key in _keys)
                {
                    _session.HandleKey(key, now);
                }

                if (!_inputRegistered)
                {
                    _loop.Post(OnReadable);
                    break;
                }

                continue;
            }

            if (io.Status == TerminalIoStatus.WouldBlock)
            {
                break;
            }

            if (io.Status == TerminalIoStatus.EndOfFile && !_input.IsTerminal)
            {
                StopReading();
                _session.HandleInputEnded(now);
                break;
            }

            // A terminal gives EOF or EIO only when the line is gone: the cable, the pty master, the modem.
            Stop(0, io.Status == TerminalIoStatus.EndOfFile ? "terminal hung up (end of file)" : $"terminal {io}", hungUp: true);
            return;
        }

        _escape.Set(_decoder.HasPending ? EventLoop.Now + _options.EscapeTimeout : null);
        Pump();
    }

    private void StopReading()
    {
        if (_inputRegistered)
        {
            _loop.Unregister(_input.Handle);
            _inputRegistered = false;
        }
    }

    private void OnEscapeTimeout()
    {
        _keys.Clear();
        _decoder.Flush(_keys);
        var now = EventLoop.Now;
        foreach (var key in _keys)
        {
            _session.HandleKey(key, now);
        }

        Pump();
    }

    private void OnTick()
    {
        _session.HandleTick(EventLoop.Now);
        Pump();
    }

    private void OnResize()
    {
        if (_output.Size() is { } size)
        {
            _session.HandleResize(size.Columns, size.Rows);
            _screen.Resize(_session.Columns, _session.Rows);
        }

        Pump();
    }

    /// <summary>Carries out what the session asked for, draws if the line is free, and sets the next tick.</summary>
    private void Pump()
    {
        while (!_stopping && _session.TryTakeEffect(out var effect))
        {
            switch (effect)
            {
                case ConsoleEffect.Send send:
                    ControlCalls.Start(_options.SocketPath, send.Request, send.Timeout,
                        response => _loop.Post(() => After(() => _session.HandleAnswer(send.Token, response, EventLoop.Now))),
                        problem => _loop.Post(() => After(() => _session.HandleAnswerFailure(send.Token, problem, EventLoop.Now))));
                    break;
                case ConsoleEffect.Run run:
                    _children.Start(run.Token, run.Command, run.Timeout,
                        line => After(() => _session.HandleChildOutput(run.Token, line, EventLoop.Now)),
                        outcome => After(() => _session.HandleChildExit(run.Token, outcome, EventLoop.Now)));
                    break;
                case ConsoleEffect.Stop stop:
                    _children.Stop(stop.Token);
                    break;
                case ConsoleEffect.Shell:
                    RunShell();
                    break;
                case ConsoleEffect.Repaint:
                    _screen.Resize(_session.Columns, _session.Rows);
                    break;
                case ConsoleEffect.SwitchMode mode:
                    SwitchMode(mode.FullScreen);
                    break;
                case ConsoleEffect.Exit exit:
                    // The last words ("Logged out.") still go out, in Finish.
                    Stop(exit.Code, exit.Reason, hungUp: false);
                    return;
            }
        }

        if (_stopping)
        {
            return;
        }

        Render();
        Flush();
        var next = _session.NextDeadline;
        _tick.Set(next is { } deadline ? TimeSpan.FromTicks(Math.Max(deadline.Ticks, (EventLoop.Now + MinimumTick).Ticks)) : null);
    }

    private void After(Action handle)
    {
        if (_stopping)
        {
            return;
        }

        handle();
        Pump();
    }

    /// <summary>Draws the session's state, but only onto a free line: what is still on its way is never added to.</summary>
    private void Render()
    {
        if (_pendingOffset < _pending.Length)
        {
            return;
        }

        _sink.Clear();
        if (_fullScreen)
        {
            _screen.Render(_session.ComposeFrame(), _sink);
        }
        else
        {
            _plain.Render(_session.Transcript, _output.IsTerminal ? _session.PromptLine : _session.QuestionLine, _sink);
        }

        if (_sink.Length > 0)
        {
            _pending = _sink.Written.ToArray();
            _pendingOffset = 0;
        }
    }

    private void Enqueue(ReadOnlySpan<byte> bytes)
    {
        _pending = [.. _pending.AsSpan(_pendingOffset), .. bytes];
        _pendingOffset = 0;
    }

    private void Flush()
    {
        while (!_hungUp && _pendingOffset < _pending.Length)
        {
            var io = _output.Write(_pending.AsSpan(_pendingOffset));
            switch (io.Status)
            {
                case TerminalIoStatus.Done:
                    _pendingOffset += io.Bytes;
                    if (_pendingOffset == _pending.Length)
                    {
                        // The line took everything: draw what changed meanwhile.
                        Render();
                    }

                    continue;
                case TerminalIoStatus.WouldBlock:
                    _flushRetry.Set(EventLoop.Now + FlushRetry);
                    return;
                default:
                    Stop(0, $"terminal {io}", hungUp: true);
                    return;
            }
        }
    }

    private void SwitchMode(bool fullScreen)
    {
        if (fullScreen == _fullScreen)
        {
            return;
        }

        if (_fullScreen)
        {
            // Leave the full screen tidy for line output: no scroll region, an empty screen.
            Enqueue("\e[r\e[H\e[2J"u8);
        }

        _fullScreen = fullScreen;
        _plain = new PlainRenderer(Math.Max(_session.Transcript.First, _session.Transcript.Next - (_session.Rows - 2)));
        _screen.Resize(_session.Columns, _session.Rows);
    }

    /// <summary>
    /// Hands the terminal to /bin/sh until it exits: the modes we found go back on the line, the shell runs without
    /// job control (it shares our process group, whose ^C and ^Z we ignore meanwhile), then raw mode and a full
    /// repaint return.
    /// </summary>
    private void RunShell()
    {
        if (!_input.IsTerminal)
        {
            _session.HandleShellEnded("the console has no terminal to give the shell", EventLoop.Now);
            return;
        }

        Render();
        FlushFor(TimeSpan.FromSeconds(1));
        WriteNow(_fullScreen ? "\e[r\e[H\e[2J"u8 : "\r\n"u8);
        _input.RestoreMode();
        _inShell = true;
        string? problem = null;
        try
        {
            var shell = File.Exists("/bin/sh") ? "/bin/sh" : "/bin/busybox";
            var info = new ProcessStartInfo(shell) { UseShellExecute = false };
            foreach (var arg in new[] { "-c", "exec /bin/sh -i +m <\"$1\" >\"$1\" 2>&1", "sh", _input.Path })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info);
            process?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            problem = e.Message;
        }
        finally
        {
            _inShell = false;
            _input.EnterRawMode();
            _screen.Invalidate();
            _plain = new PlainRenderer(_session.Transcript.Next);
        }

        _session.HandleShellEnded(problem, EventLoop.Now);
    }

    private void Stop(int code, string reason, bool hungUp)
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _hungUp |= hungUp;
        ExitCode = code;
        ExitReason = reason;
        _loop.Stop();
    }

    /// <summary>Leaves the terminal as a shell expects it: the last frame out (briefly, never waiting on a dead line), modes restored.</summary>
    private void Finish()
    {
        _children.Dispose();
        if (!_hungUp)
        {
            FlushFor(TimeSpan.FromMilliseconds(500));
            Render();
            if (_fullScreen)
            {
                Enqueue("\e[r"u8);
                var bottom = new ByteSink();
                bottom.MoveTo(_session.Rows - 1, 0);
                Enqueue(bottom.Written);
            }

            Enqueue("\r\n"u8);
            FlushFor(TimeSpan.FromMilliseconds(500));
        }

        _input.RestoreMode();
    }

    private void FlushFor(TimeSpan limit)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (_pendingOffset < _pending.Length && Stopwatch.GetTimestamp() < until)
        {
            var io = _output.Write(_pending.AsSpan(_pendingOffset));
            if (io.Status == TerminalIoStatus.Done)
            {
                _pendingOffset += io.Bytes;
            }
            else if (io.Status == TerminalIoStatus.WouldBlock)
            {
                Thread.Sleep(10);
            }
            else
            {
                return;
            }
        }
    }

    private void WriteNow(ReadOnlySpan<byte> bytes)
    {
        Enqueue(bytes);
        FlushFor(TimeSpan.FromMilliseconds(500));
    }

    /// <remarks>
    /// The signal handlers stay until the process is gone: as the session leader of its terminal, the console's
    /// own exit sends SIGHUP to its process group, and without a handler that would turn a clean exit into death
    /// by signal. They post nothing once stopping.
    /// </remarks>
    public void Dispose()
    {
        _loop.Dispose();
        _input.Dispose();
        if (!ReferenceEquals(_input, _output))
        {
            _output.Dispose();
        }
    }
}
