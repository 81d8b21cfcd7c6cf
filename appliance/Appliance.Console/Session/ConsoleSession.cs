using Appliance.Config;
using Appliance.ConsoleUi.Editing;
using Appliance.ConsoleUi.Input;
using Appliance.ConsoleUi.Screen;
using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>
/// The console without a terminal: keys, answers of the supervisor, program output and the clock go in
/// (<c>Handle*</c>, time only as a <c>now</c> argument); effects (requests to send, programs to run, exit) come out
/// through <see cref="TryTakeEffect"/>, and the screen is whatever <see cref="ComposeFrame"/> or
/// <see cref="PromptLine"/> say at any moment. Nothing here blocks, reads a clock, or touches a descriptor, so
/// every conversation can be replayed in a test.
/// </summary>
/// <remarks>
/// One thing happens at a time: a question is asked (<see cref="Ask"/>), or an answer is awaited, or a program
/// runs, or a long output waits page by page. Keys typed while an answer is awaited are kept and replayed after
/// it (type-ahead), except ^C, which stops the wait. Flows are written in continuation style: each step asks,
/// sends or prints and names what comes next; a step that names nothing lands back home.
/// </remarks>
internal sealed partial class ConsoleSession
{
    private const int MaxTypeAhead = 4096;

    private readonly SessionOptions _options;
    private readonly ConfigEnvironment _environment;
    private readonly Transcript _transcript = new();
    private readonly Queue<ConsoleEffect> _effects = new();
    private readonly Queue<Key> _typeAhead = new();
    private readonly Queue<string> _pager = new();
    private readonly Dictionary<int, Pending> _pending = [];
    private readonly HashSet<string> _noticesShown = new(StringComparer.Ordinal);
    private int _nextToken;
    private TimeSpan _now;

    private Ask? _ask;
    private LineEditor? _editor;

    private int? _waitToken;
    private string _waitWhat = "";
    private int? _childToken;
    private string _childWhat = "";
    private Action<string>? _afterChild;
    private bool _inShell;
    private TimeSpan? _delayUntil;
    private Action? _afterDelay;
    private bool _typeAheadOverflow;

    private bool _connected;
    private TimeSpan? _retryAt;
    private string? _connectProblem;
    private bool _ended;
    private bool _inputEnded;
    private bool _expectCursorReport;

    public ConsoleSession(SessionOptions options)
    {
        _options = options;
        _environment = new ConfigEnvironment { KnownInterfaces = options.KnownInterfaces };
        Columns = Math.Max(options.Columns, 20);
        Rows = Math.Max(options.Rows, 8);
        FullScreen = options.FullScreen;
    }

    public int Columns { get; private set; }

    public int Rows { get; private set; }

    public bool FullScreen { get; private set; }

    public Transcript Transcript => _transcript;

    public bool Ended => _ended;

    /// <summary>True while nothing can be typed: an answer, a program or the password delay is awaited.</summary>
    public bool Busy => _waitToken is not null || _childToken is not null || _delayUntil is not null || _inShell || !_connected;

    private int Width => Columns - 1;

    /// <summary>Rows of the transcript on a full screen: all but the header, its rule and the prompt line.</summary>
    private int BodyHeight => Math.Max(1, Rows - HeaderLines().Count - 2);

    private int PageSize => FullScreen ? Math.Max(1, BodyHeight - 1) : Math.Max(1, Rows - 2);

    public void Start(TimeSpan now)
    {
        _now = now;
        _lastInput = now;
        Print($"appliance console on {_options.Device}");
        Connect();
        AfterEvent();
    }

    public void HandleKey(Key key, TimeSpan now)
    {
        _now = now;
        _lastInput = now;
        Dispatch(key);
        AfterEvent();
    }

    /// <summary>The input stream ended (a script's pipe): finish what is queued, then leave.</summary>
    public void HandleInputEnded(TimeSpan now)
    {
        _now = now;
        _inputEnded = true;
        AfterEvent();
    }

    public void HandleAnswer(int token, ControlResponse response, TimeSpan now)
    {
        _now = now;
        if (_pending.Remove(token, out var pending))
        {
            if (pending.Foreground && _waitToken != token)
            {
                Print($"(the answer to {pending.Command} came after all: {(response.Ok ? "done" : response.Error)})");
            }
            else
            {
                if (pending.Foreground)
                {
                    _waitToken = null;
                }

                pending.OnAnswer(response);
            }
        }

        AfterEvent();
    }

    /// <summary>The request could not be made or was not answered (no supervisor, timeout).</summary>
    public void HandleAnswerFailure(int token, string problem, TimeSpan now)
    {
        _now = now;
        if (_pending.Remove(token, out var pending))
        {
            if (!pending.Foreground || _waitToken == token)
            {
                if (pending.Foreground)
                {
                    _waitToken = null;
                }

                pending.OnFailure(problem);
            }
        }

        AfterEvent();
    }

    public void HandleChildOutput(int token, string line, TimeSpan now)
    {
        _now = now;
        if (token == _childToken)
        {
            Print("  " + line);
        }

        AfterEvent();
    }

    public void HandleChildExit(int token, string outcome, TimeSpan now)
    {
        _now = now;
        if (token == _childToken)
        {
            _childToken = null;
            var then = _afterChild;
            _afterChild = null;
            then?.Invoke(outcome);
        }

        AfterEvent();
    }

    public void HandleShellEnded(string? problem, TimeSpan now)
    {
        _now = now;
        _lastInput = now;
        _inShell = false;
        Print(problem is null ? "(back from the shell)" : $"(the shell could not run: {problem})");
        _effects.Enqueue(new ConsoleEffect.Repaint());
        AfterEvent();
    }

    public void HandleResize(int columns, int rows)
    {
        Columns = Math.Clamp(columns, 20, 500);
        Rows = Math.Clamp(rows, 8, 200);
        _effects.Enqueue(new ConsoleEffect.Repaint());
    }

    /// <summary>The edge asked the terminal where the cursor is after moving it to 999;999: its answer is the size.</summary>
    public void ExpectCursorReport() => _expectCursorReport = true;

    public void HandleTick(TimeSpan now)
    {
        _now = now;
        if (_retryAt is { } retry && retry <= now)
        {
            _retryAt = null;
            Connect();
        }

        if (_delayUntil is { } until && until <= now)
        {
            _delayUntil = null;
            var then = _afterDelay;
            _afterDelay = null;
            then?.Invoke();
        }

        Poll();
        CheckIdle();
        AfterEvent();
    }

    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            void Consider(TimeSpan? candidate)
            {
                if (candidate is { } c && (next is null || c < next))
                {
                    next = c;
                }
            }

            Consider(_retryAt);
            Consider(_delayUntil);
            if (_connected && !_ended)
            {
                Consider(_statusInFlight || _inShell ? null : _nextStatusPoll);
                Consider(_configInFlight || _inShell ? null : _nextConfigPoll);

                // While an answer is awaited the lock waits too; a deadline already past would only spin the loop.
                Consider(Busy ? null : IdleDeadline);
            }

            return next;
        }
    }

    public bool TryTakeEffect(out ConsoleEffect effect) => _effects.TryDequeue(out effect!);

    /// <summary>The prompt line as a plain terminal shows it: the question and what is typed (nothing of a password).</summary>
    public string PromptLine
    {
        get
        {
            var (label, text, _) = PromptState();
            return label + text;
        }
    }

    /// <summary>
    /// The prompt line only while a question is asked: what a script's output (a pipe, a file) gets, where a
    /// "working..." line written and erased again would only be noise.
    /// </summary>
    public string QuestionLine => _ask is not null && _editor is not null && !Busy && _pager.Count == 0 ? _ask.Label + _editor.Visible : "";

    /// <summary>The whole screen: header, a rule, the end of the transcript, the prompt line with the cursor.</summary>
    public Frame ComposeFrame()
    {
        var rows = new List<string>(Rows);
        foreach (var line in HeaderLines())
        {
            rows.Add(Cut(line));
        }

        rows.Add(new string('-', Width));
        var top = rows.Count;
        var height = Math.Max(1, Rows - rows.Count - 1);
        var tail = _transcript.Tail(height);
        for (var i = 0; i < height; i++)
        {
            rows.Add(i < tail.Count ? tail[i] : "");
        }

        var (label, text, cursor) = PromptState();
        var (row, column) = LineView.Fit(label, text, cursor, Width);
        rows.Add(row);
        return new Frame(rows, rows.Count - 1, column, top, top + height - 1);
    }

    /// <summary>
    /// The header, always the same number of rows for the same number of instances (the notice row stays, empty
    /// or not), so the transcript below does not jump when a notice comes and goes.
    /// </summary>
    private List<string> HeaderLines()
    {
        double? pendingLeft = _status?.PendingCommit is { } pending ? pending.SecondsLeft - (_now - _statusAt).TotalSeconds : null;
        var lines = HeaderText.Build(_status, _statusProblem, _config, pendingLeft, _config?.StagedChanges.Count ?? 0);
        var instances = Math.Min(_status?.Vrrp.Count ?? 1, HeaderText.MaxInstances) + ((_status?.Vrrp.Count ?? 0) > HeaderText.MaxInstances ? 1 : 0);
        var fixedCount = 1 + Math.Max(1, instances) + 1;
        while (lines.Count < fixedCount)
        {
            lines.Add("");
        }

        var cap = Math.Max(2, Rows / 3);
        return lines.Count > cap ? lines.GetRange(0, cap) : lines;
    }

    private (string Label, string Text, int Cursor) PromptState()
    {
        if (_ended)
        {
            return ("", "", 0);
        }

        if (!_connected)
        {
            return ("waiting for the supervisor... (^D: quit)", "", 0);
        }

        if (_inShell)
        {
            return ("(shell)", "", 0);
        }

        if (_delayUntil is not null)
        {
            return ("(wait)", "", 0);
        }

        if (_childToken is not null)
        {
            return ($"{_childWhat}... (^C: stop)", "", 0);
        }

        if (_waitToken is not null)
        {
            return ($"{_waitWhat}... (^C: stop waiting)", "", 0);
        }

        if (_pager.Count > 0)
        {
            return ($"-- {_pager.Count} more lines: Space or Enter for more, q to stop --", "", 0);
        }

        if (_ask is not null && _editor is not null)
        {
            return (_ask.Label, _editor.Visible, _editor.VisibleCursor);
        }

        return ("", "", 0);
    }

    private string Cut(string line) => line.Length <= Width ? line : line[..Width];

    private void Dispatch(Key key)
    {
        if (_ended)
        {
            return;
        }

        switch (key.Kind)
        {
            case KeyKind.Redraw:
                _effects.Enqueue(new ConsoleEffect.Repaint());
                return;
            case KeyKind.CursorReport:
                if (_expectCursorReport && key.Column >= 40 && key.Row >= 10)
                {
                    _expectCursorReport = false;
                    HandleResize(key.Column, key.Row);
                }

                return;
        }

        if (_inShell || _delayUntil is not null)
        {
            // During the password delay, keys are not kept: the delay would mean nothing if guesses queued up.
            return;
        }

        if (!_connected && _connectProblem is not null && key.Kind == KeyKind.EndOfFile)
        {
            Exit(0, "quit while waiting for the supervisor");
            return;
        }

        if (!_connected || _waitToken is not null || _childToken is not null)
        {
            if (key.Kind == KeyKind.Interrupt && _connected)
            {
                StopWaiting();
            }
            else if (_typeAhead.Count < MaxTypeAhead)
            {
                _typeAhead.Enqueue(key);
            }
            else if (!_typeAheadOverflow)
            {
                _typeAheadOverflow = true;
                Print($"(more than {MaxTypeAhead} keys typed ahead; the rest are dropped)");
            }

            return;
        }

        if (_pager.Count > 0)
        {
            PagerKey(key);
            return;
        }

        if (_ask is null || _editor is null)
        {
            GoHome();
            if (_ask is null)
            {
                return;
            }
        }

        EditorKey(key);
    }

    private void EditorKey(Key key)
    {
        var ask = _ask!;
        var editor = _editor!;
        var outcome = editor.Handle(key, ask.Completer);
        switch (outcome.Status)
        {
            case EditStatus.Submitted:
                var text = editor.Text;
                Print(ask.Label + editor.Visible);
                ClearAsk();
                if (ask.Validate?.Invoke(text) is { Count: > 0 } problems)
                {
                    foreach (var problem in problems)
                    {
                        Print("  " + problem);
                    }

                    AskAgain(ask, text);
                    return;
                }

                ask.OnAnswer(text);
                return;
            case EditStatus.Cancelled:
                Print(ask.Label + editor.Visible + "^C");
                ClearAsk();
                (ask.OnCancel ?? GoHome)();
                return;
            case EditStatus.EndOfInput:
                Print(ask.Label + "^D");
                ClearAsk();
                if (ask.IsHome)
                {
                    Logout();
                }
                else
                {
                    (ask.OnCancel ?? GoHome)();
                }

                return;
            case EditStatus.Refused:
                if (outcome.Notice is { } notice && _noticesShown.Add(notice))
                {
                    Print($"  ({notice})");
                }

                return;
            case EditStatus.Listed:
                PrintColumns(outcome.Candidates ?? []);
                return;
        }
    }

    private void PagerKey(Key key)
    {
        switch (key.Kind)
        {
            case KeyKind.Enter or KeyKind.Down or KeyKind.PageDown:
            case KeyKind.Char when key.Rune == ' ':
                for (var i = 0; i < PageSize && _pager.Count > 0; i++)
                {
                    Print(_pager.Dequeue());
                }

                return;
            case KeyKind.Interrupt or KeyKind.EndOfFile or KeyKind.Escape:
            case KeyKind.Char when key.Rune is 'q' or 'Q':
                var skipped = _pager.Count;
                _pager.Clear();
                Print($"({skipped} lines not shown)");
                return;
        }
    }

    /// <summary>Puts a question on the prompt line; the answer goes to <see cref="Ask.OnAnswer"/>.</summary>
    private void Prompt(Ask ask)
    {
        _ask = ask;
        _editor = new LineEditor(ask.MaxLength, ask.Masked, cursorMovement: FullScreen, ask.History, ask.Initial);
        _noticesShown.Clear();
    }

    private void AskAgain(Ask ask, string answer) => Prompt(ask with { Initial = ask.Masked ? "" : answer });

    private void ClearAsk()
    {
        _ask = null;
        _editor = null;
    }

    /// <summary>Sends a request and waits for it: the prompt line says what is awaited, ^C stops waiting.</summary>
    private void Send(ControlRequest request, string what, Action<ControlResponse> onAnswer, TimeSpan? timeout = null, Action<string>? onFailure = null)
    {
        var token = ++_nextToken;
        _pending[token] = new Pending(request.Command, onAnswer, onFailure ?? SupervisorFailed, Foreground: true);
        _waitToken = token;
        _waitWhat = what;
        _effects.Enqueue(new ConsoleEffect.Send(token, request, timeout ?? _options.RequestTimeout));
    }

    /// <summary>A request nobody waits for (the header's polls).</summary>
    private void SendInBackground(ControlRequest request, Action<ControlResponse> onAnswer, Action<string> onFailure)
    {
        var token = ++_nextToken;
        _pending[token] = new Pending(request.Command, onAnswer, onFailure, Foreground: false);
        _effects.Enqueue(new ConsoleEffect.Send(token, request, _options.RequestTimeout));
    }

    private void RunProgram(IReadOnlyList<string> command, string what, Action<string> then)
    {
        var token = ++_nextToken;
        _childToken = token;
        _childWhat = what;
        _afterChild = then;
        _effects.Enqueue(new ConsoleEffect.Run(token, command, _options.ChildTimeout));
    }

    private void SupervisorFailed(string problem) => Print($"The supervisor did not answer: {problem}");

    private void StopWaiting()
    {
        _typeAhead.Clear();
        if (_childToken is { } child)
        {
            _effects.Enqueue(new ConsoleEffect.Stop(child));
            Print("^C (stopped)");
            _childToken = null;
            _afterChild = null;
        }
        else if (_waitToken is not null)
        {
            Print($"^C (stopped waiting for {_waitWhat}; the supervisor may still finish it)");
            _waitToken = null;
        }

        GoHome();
    }

    private void Print(string text) => _transcript.Add(text, Width);

    private void Print(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Print(line);
        }
    }

    /// <summary>Long output: on an interactive terminal it stops after a page and waits for a key.</summary>
    private void Show(IEnumerable<string> lines)
    {
        var wrapped = lines.SelectMany(l => Printable.Wrap(Printable.Line(l), Width)).ToList();
        var shown = !_options.Interactive ? wrapped.Count : _pager.Count > 0 ? 0 : Math.Min(wrapped.Count, PageSize);
        Print(wrapped.Take(shown));
        foreach (var line in wrapped.Skip(shown))
        {
            _pager.Enqueue(line);
        }
    }

    private void PrintColumns(IReadOnlyList<string> words)
    {
        var width = Math.Min(Width / 2, words.Max(w => w.Length) + 2);
        var perRow = Math.Max(1, Width / width);
        for (var i = 0; i < words.Count; i += perRow)
        {
            Print("  " + string.Concat(words.Skip(i).Take(perRow).Select(w => w.PadRight(width))).TrimEnd());
        }
    }

    private void Exit(int code, string reason)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        ClearAsk();
        _effects.Enqueue(new ConsoleEffect.Exit(code, reason));
    }

    /// <summary>After every input: replay type-ahead once nothing is awaited, and never leave the prompt empty.</summary>
    private void AfterEvent()
    {
        while (!_ended && !Busy && _pager.Count == 0 && _typeAhead.Count > 0)
        {
            Dispatch(_typeAhead.Dequeue());
        }

        if (_typeAhead.Count == 0)
        {
            _typeAheadOverflow = false;
        }

        if (_ended || Busy || _pager.Count > 0)
        {
            return;
        }

        if (_ask is null)
        {
            GoHome();
        }

        if (_inputEnded && _typeAhead.Count == 0 && !Busy && _pager.Count == 0)
        {
            Exit(0, "end of input");
        }
    }

    private sealed record Pending(string Command, Action<ControlResponse> OnAnswer, Action<string> OnFailure, bool Foreground);
}
