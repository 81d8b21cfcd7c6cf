using System.Diagnostics;
using System.Text.Json;

namespace Appliance.Logging.Tests.Support;

/// <summary>
/// A private rsyslogd: its own config, socket, output and pid file in a temp directory; the host's /dev/log is
/// never touched (SysSock.Use="off"). The output template writes what rsyslog parsed, one JSON object per line,
/// including the structured data as mmpstrucdata understood it.
/// </summary>
internal sealed class RsyslogDaemon : IDisposable
{
    public const string Binary = "/usr/sbin/rsyslogd";

    private readonly bool _tcp;
    private Process? _process;
    private DateTime _killedAt = DateTime.MinValue;

    /// <param name="tcp">Also listen on 127.0.0.1 for RFC 6587 TCP (imtcp, octet counting on), on a port of the
    /// kernel's choosing (<see cref="TcpPort"/> once started).</param>
    public RsyslogDaemon(bool tcp = false)
    {
        _tcp = tcp;
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install the Debian package rsyslog (apt-get install rsyslog)");
        }
        Directory = Path.Combine(Path.GetTempPath(), "applog-rsyslog-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(ConfigPath, Config());
    }

    public string Directory { get; }

    public string SocketPath => Path.Combine(Directory, "log.sock");

    public string OutputPath => Path.Combine(Directory, "out.jsonl");

    private string ConfigPath => Path.Combine(Directory, "rsyslog.conf");

    private string PortPath => Path.Combine(Directory, "tcp.port");

    /// <summary>The port imtcp listens on.</summary>
    public int TcpPort => int.Parse(File.ReadAllText(PortPath).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private string PidPath => Path.Combine(Directory, "rsyslogd.pid");

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    public void Start()
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-n", "-f", ConfigPath, "-i", PidPath })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("rsyslogd did not start");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(SocketPath) || StaleSocketFromPreviousRun() || (_tcp && !File.Exists(PortPath)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"rsyslogd exited with {_process.ExitCode}; config {ConfigPath}");
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"rsyslogd did not create {SocketPath}");
            }
            Thread.Sleep(20);
        }
    }

    // After SIGKILL the old socket file stays until the new rsyslogd replaces it.
    private bool StaleSocketFromPreviousRun() => File.GetLastWriteTimeUtc(SocketPath) <= _killedAt;

    /// <summary>Ends our rsyslogd by its pid with this signal and waits for it.</summary>
    public void Kill(int signal)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        Assert.Equal(0, TestLibc.kill(process.Id, signal));
        Assert.True(process.WaitForExit(10_000), "rsyslogd did not exit");
        _killedAt = DateTime.UtcNow;
        process.Dispose();
        _process = null;
    }

    public void Signal(int signal)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        Assert.Equal(0, TestLibc.kill(process.Id, signal));
    }

    /// <summary>Complete lines of the output file, parsed.</summary>
    public IReadOnlyList<Record> Records()
    {
        if (!File.Exists(OutputPath))
        {
            return [];
        }
        string text;
        using (var stream = new FileStream(OutputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }
        int end = text.LastIndexOf('\n');
        return end < 0 ? [] : [.. text[..end].Split('\n').Select(Record.Parse)];
    }

    public Record WaitFor(Func<Record, bool> predicate, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Records().FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"rsyslogd did not log {what} within {timeout.TotalSeconds} s; it has {Records().Count} records");
            }
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            TestLibc.kill(process.Id, SIGKILL);
            process.WaitForExit(10_000);
        }
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the name is unique.
        }
    }

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    // IgnoreTimestamp="off": imuxsock otherwise replaces the sender's TIMESTAMP with the time of receipt.
    // UseSpecialParser="off" + ParseHostname="on": the regular parser chain (pmrfc5424) reads our header; the
    // special local-socket parser would take "1" for the tag and the rest for the message.
    // RateLimit.Interval="0": the tests send bursts from one pid on purpose.
    private string Config() => $$"""
        global(workDirectory="{{Directory}}" maxMessageSize="8k")
        module(load="imuxsock" SysSock.Use="off")
        module(load="mmpstrucdata")
        input(type="imuxsock" Socket="{{SocketPath}}" UseSpecialParser="off" ParseHostname="on" IgnoreTimestamp="off" RateLimit.Interval="0")
        {{(_tcp ? $"module(load=\"imtcp\")\ninput(type=\"imtcp\" address=\"127.0.0.1\" port=\"0\" listenPortFileName=\"{PortPath}\" SupportOctetCountedFraming=\"on\")" : "")}}
        template(name="fields" type="list" option.jsonf="on") {
          property(outname="pri" name="pri" format="jsonf")
          property(outname="version" name="protocol-version" format="jsonf")
          property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
          property(outname="hostname" name="hostname" format="jsonf")
          property(outname="appname" name="app-name" format="jsonf")
          property(outname="procid" name="procid" format="jsonf")
          property(outname="msgid" name="msgid" format="jsonf")
          property(outname="sd" name="structured-data" format="jsonf")
          property(outname="msg" name="msg" format="jsonf")
          property(outname="parsed" name="$!" format="jsonf")
        }
        if $app-name != "rsyslogd" then {
          action(type="mmpstrucdata" sd_name.lowercase="off")
          action(type="omfile" file="{{OutputPath}}" template="fields")
        }
        """;

    internal sealed record Record(
        string Pri,
        string Version,
        string Timestamp,
        string Hostname,
        string AppName,
        string ProcId,
        string MsgId,
        string StructuredData,
        string Msg,
        IReadOnlyDictionary<string, string> Parameters)
    {
        public static Record Parse(string line)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            string Get(string name) => root.GetProperty(name).GetString() ?? "";
            var parameters = new Dictionary<string, string>();
            string parsed = Get("parsed");
            if (parsed.Length > 0)
            {
                using var sd = JsonDocument.Parse(parsed);
                if (sd.RootElement.TryGetProperty("rfc5424-sd", out var elements)
                    && elements.TryGetProperty("appliance@32473", out var element))
                {
                    foreach (var parameter in element.EnumerateObject())
                    {
                        parameters[parameter.Name] = parameter.Value.GetString() ?? "";
                    }
                }
            }
            return new Record(Get("pri"), Get("version"), Get("timestamp"), Get("hostname"), Get("appname"), Get("procid"), Get("msgid"), Get("sd"), Get("msg"), parameters);
        }
    }
}
