using Appliance.Config;
using Appliance.ConsoleUi.Input;
using Appliance.ConsoleUi.Session;
using Appliance.Control;

namespace Appliance.ConsoleUi.Tests.Support;

/// <summary>
/// A session with the test in the supervisor's seat: every request the session sends is kept, and the test answers
/// it (or not) as the real control socket would. Time moves only when the test says so.
/// </summary>
internal sealed class SessionHarness
{
    public const string Running = """
        [system]
        hostname = b2
        state_dir = /run/appliance

        [interface:eth0]
        address = 192.0.2.12/24
        gateway = 192.0.2.1
        manage = true

        [vrrp:web]
        interface = eth0
        vrid = 51
        priority = 100
        virtual_ip = 192.0.2.10/24

        [vrrp:web:track]
        nginx = fault

        [nginx]
        enabled = false
        """;

    private readonly List<ConsoleEffect.Send> _unanswered = [];

    public SessionHarness(SessionOptions? options = null)
    {
        Session = new ConsoleSession(options ?? Options());
    }

    /// <summary>A wide screen by default, so that messages are not wrapped where a test looks for them.</summary>
    public static SessionOptions Options(bool fullScreen = true, bool interactive = true, int columns = 200) => new()
    {
        FullScreen = fullScreen,
        Interactive = interactive,
        Columns = columns,
        Rows = 24,
        Device = "ttyS0",
        SocketPath = "/run/appliance/control.sock",
        HashPassword = pw => ConsolePassword.Hash(pw, ConsolePassword.MinIterations),
        KnownInterfaces = ["lo", "eth0"],
    };

    public ConsoleSession Session { get; }

    public TimeSpan Now { get; private set; } = TimeSpan.FromSeconds(1000);

    public List<ConsoleEffect.Send> Sent { get; } = [];

    public List<ConsoleEffect> Effects { get; } = [];

    public string Transcript => string.Join('\n', Session.Transcript.Since(0));

    public string Prompt => Session.PromptLine;

    public void Start()
    {
        Session.Start(Now);
        Collect();
    }

    /// <summary>Starts and answers the first config.get and status as a healthy supervisor would.</summary>
    public void Connect(string running = Running, string? staged = null, StatusReport? status = null)
    {
        Start();
        Answer("config.get", new ControlResponse { Ok = true, Text = running, Staged = staged });
        Answer("status", new ControlResponse { Ok = true, Status = status ?? Status() });
    }

    public static StatusReport Status(string state = "backup", int priority = 100, PendingCommit? pending = null, string hostname = "b2") => new()
    {
        Hostname = hostname,
        UptimeS = 3725,
        Version = "test",
        Vrrp =
        [
            new VrrpStatus
            {
                Name = "web",
                Vrid = 51,
                Interface = "eth0",
                Version = 3,
                State = state,
                Priority = priority,
                EffectivePriority = priority,
                VirtualIps = ["192.0.2.10/24"],
                Counters = new VrrpCounters(),
            },
        ],
        Services = [new ServiceStatus { Name = "nginx", State = "running", Healthy = true, Pid = 42 }],
        PendingCommit = pending,
    };

    public bool HasUnanswered(string command) => _unanswered.Any(s => s.Request.Command == command);

    /// <summary>The oldest unanswered request of that command; fails when there is none.</summary>
    public ConsoleEffect.Send Pending(string command) =>
        _unanswered.FirstOrDefault(s => s.Request.Command == command)
        ?? throw new Xunit.Sdk.XunitException($"no unanswered {command}; unanswered: {string.Join(", ", _unanswered.Select(s => s.Request.Command))}\n{Transcript}");

    public ConsoleEffect.Send Answer(string command, ControlResponse response)
    {
        var send = Pending(command);
        _unanswered.Remove(send);
        Session.HandleAnswer(send.Token, response, Now);
        Collect();
        return send;
    }

    public ConsoleEffect.Send Fail(string command, string problem)
    {
        var send = Pending(command);
        _unanswered.Remove(send);
        Session.HandleAnswerFailure(send.Token, problem, Now);
        Collect();
        return send;
    }

    /// <summary>Answers every background poll (status, config.get) that is waiting, with these.</summary>
    public void AnswerPolls(string running = Running, string? staged = null, StatusReport? status = null)
    {
        while (HasUnanswered("status"))
        {
            Answer("status", new ControlResponse { Ok = true, Status = status ?? Status() });
        }

        while (HasUnanswered("config.get"))
        {
            Answer("config.get", new ControlResponse { Ok = true, Text = running, Staged = staged });
        }
    }

    public void Type(string text)
    {
        foreach (var c in text)
        {
            Press(c switch
            {
                '\r' or '\n' => Key.Of(KeyKind.Enter),
                '\t' => Key.Of(KeyKind.Tab),
                _ => Key.Char(c),
            });
        }
    }

    public void Enter(string text = "") => Type(text + "\r");

    /// <summary>Types the password at the gate and answers its console.login as the supervisor does for a right one.</summary>
    public ConsoleEffect.Send LogIn(string password)
    {
        Enter(password);
        return Answer("console.login", ControlResponse.Success());
    }

    public void Press(Key key)
    {
        Session.HandleKey(key, Now);
        Collect();
    }

    public void Press(KeyKind kind) => Press(Key.Of(kind));

    public void ChildOutput(int token, string line)
    {
        Session.HandleChildOutput(token, line, Now);
        Collect();
    }

    public void ChildExit(int token, string outcome)
    {
        Session.HandleChildExit(token, outcome, Now);
        Collect();
    }

    public void ShellEnded(string? problem = null)
    {
        Session.HandleShellEnded(problem, Now);
        Collect();
    }

    public void Advance(TimeSpan by)
    {
        Now += by;
        Session.HandleTick(Now);
        Collect();
    }

    private void Collect()
    {
        while (Session.TryTakeEffect(out var effect))
        {
            Effects.Add(effect);
            if (effect is ConsoleEffect.Send send)
            {
                Sent.Add(send);
                _unanswered.Add(send);
            }
        }
    }
}
