using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>What the session knows of the box (status, configuration), kept fresh by polls, and the connection.</summary>
internal sealed partial class ConsoleSession
{
    private StatusReport? _status;
    private TimeSpan _statusAt;
    private string? _statusProblem;
    private ConfigView? _config;
    private bool _statusInFlight;
    private bool _configInFlight;
    private TimeSpan _nextStatusPoll;
    private TimeSpan _nextConfigPoll;
    private bool _resolutionExpected;

    /// <summary>
    /// The first thing: read the configuration, which says whether a password is needed. Until the supervisor
    /// answers nothing else can happen (not even the password prompt: without the stored hash there is nothing to
    /// check a password against, and a console that lets everyone in when the supervisor is slow is no gate).
    /// </summary>
    private void Connect()
    {
        SendInBackground(new ControlRequest { Command = "config.get" }, response =>
        {
            if (!response.Ok || response.Text is null)
            {
                ConnectFailed(response.Error ?? "config.get gave no configuration");
                return;
            }

            _connected = true;
            _connectProblem = null;
            UpdateConfig(response);
            _nextConfigPoll = _now + _options.ConfigInterval;

            // The first screen shows the state of the box: fetch it before anything is asked.
            _statusInFlight = true;
            Send(new ControlRequest { Command = "status" }, "reading the status", status =>
            {
                _statusInFlight = false;
                _nextStatusPoll = _now + _options.StatusInterval;
                if (status.Ok && status.Status is not null)
                {
                    UpdateStatus(status.Status);
                }

                Begin();
            }, onFailure: problem =>
            {
                _statusInFlight = false;
                _nextStatusPoll = _now + _options.StatusInterval;
                _statusProblem = problem;
                Begin();
            });
        }, ConnectFailed);
    }

    private void ConnectFailed(string problem)
    {
        if (problem != _connectProblem)
        {
            Print($"Cannot reach the supervisor at {_options.SocketPath}: {problem}");
            Print($"Trying again every {_options.RetryInterval.TotalSeconds:0} s; ^D quits.");
            _connectProblem = problem;
        }

        _retryAt = _now + _options.RetryInterval;
    }

    private void Poll()
    {
        if (!_connected || _ended || _inShell)
        {
            return;
        }

        if (!_statusInFlight && _now >= _nextStatusPoll)
        {
            _statusInFlight = true;
            SendInBackground(new ControlRequest { Command = "status" }, response =>
            {
                _statusInFlight = false;
                _nextStatusPoll = _now + _options.StatusInterval;
                if (response.Ok && response.Status is { } status)
                {
                    UpdateStatus(status);
                }
                else
                {
                    _statusProblem = response.Error ?? "no status in the answer";
                }
            }, problem =>
            {
                _statusInFlight = false;
                _nextStatusPoll = _now + _options.StatusInterval;
                _status = null;
                _statusProblem = problem;
            });
        }

        if (!_configInFlight && _now >= _nextConfigPoll)
        {
            RefreshConfig();
        }
    }

    private void RefreshConfig()
    {
        if (_configInFlight)
        {
            return;
        }

        _configInFlight = true;
        SendInBackground(new ControlRequest { Command = "config.get" }, response =>
        {
            _configInFlight = false;
            _nextConfigPoll = _now + _options.ConfigInterval;
            if (response.Ok && response.Text is not null)
            {
                UpdateConfig(response);
            }
        }, _ =>
        {
            _configInFlight = false;
            _nextConfigPoll = _now + _options.ConfigInterval;
        });
    }

    /// <summary>Status and configuration again at once, after something changed them.</summary>
    private void RefreshSoon()
    {
        _nextStatusPoll = _now;
        _nextConfigPoll = _now;
        Poll();
    }

    private void UpdateConfig(ControlResponse response) =>
        _config = new ConfigView(response.Text ?? "", response.Staged, _environment);

    private void UpdateStatus(StatusReport status)
    {
        var wasPending = _status?.PendingCommit is not null;
        _status = status;
        _statusAt = _now;
        _statusProblem = null;
        if (wasPending && status.PendingCommit is null)
        {
            if (!_resolutionExpected)
            {
                // Nobody here confirmed or rolled back: the timer ran out on the supervisor.
                Print("The unconfirmed change was not confirmed in time: the previous configuration is back.");
            }

            _resolutionExpected = false;
            _nextConfigPoll = _now;
        }
    }

    private double? PendingSecondsLeft =>
        _status?.PendingCommit is { } pending ? Math.Max(0, pending.SecondsLeft - (_now - _statusAt).TotalSeconds) : null;
}
