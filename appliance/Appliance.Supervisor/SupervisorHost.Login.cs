using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Supervisor.Control;

namespace Appliance.Supervisor;

/// <summary>
/// console.login: the consoles ask the supervisor to check a password, so that one failure counter and lock-out
/// (<see cref="LoginThrottle"/>) covers every console and every failure is logged with the console's name.
/// </summary>
public sealed partial class SupervisorHost
{
    private const int MaxConsoleNameLength = 32;
    private readonly LoginThrottle _logins = new();

    private void ConsoleLogin(ControlRequest request, Action<ControlResponse> respond)
    {
        var console = ConsoleName(request.Console);
        var hash = _config.System.ConsolePassword;
        if (hash is null)
        {
            respond(ControlResponse.Success());
            return;
        }

        var password = request.Password ?? "";
        if (password.Length > ConsolePassword.MaximumLength)
        {
            respond(ControlResponse.Failure($"password longer than {ConsolePassword.MaximumLength} characters"));
            return;
        }

        var now = EventLoop.Now;
        if (_logins.TryBegin(now) is { } retryAt)
        {
            respond(new ControlResponse
            {
                Ok = false,
                Error = "wait before the next try",
                RetryAfterSeconds = Math.Ceiling((retryAt - now).TotalSeconds),
            });
            return;
        }

        // PBKDF2 takes a fraction of a second by design: off the loop, so that VRRP's timers never wait for it.
        Task.Run(() => ConsolePassword.Verify(password, hash)).ContinueWith(t => _loop!.Post(() =>
        {
            if (t.IsCompletedSuccessfully && t.Result)
            {
                var failures = _logins.Failures;
                _logins.Succeeded();
                _log.Information("console {Console:l}: logged in{After:l}", console, failures > 0 ? $" after {failures} wrong passwords" : "");
                respond(ControlResponse.Success());
                return;
            }

            var delay = _logins.Failed(EventLoop.Now);
            _log.Warning("console {Console:l}: wrong password ({Failures} in a row); every console waits {Delay} s", console, _logins.Failures, delay.TotalSeconds);
            respond(new ControlResponse { Ok = false, Error = "wrong password", RetryAfterSeconds = delay.TotalSeconds });
        }), TaskScheduler.Default);
    }

    /// <summary>What the console says it is, made safe for one log field.</summary>
    private static string ConsoleName(string? claimed)
    {
        var name = new string((claimed ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.').Take(MaxConsoleNameLength).ToArray());
        return name.Length == 0 ? "(unnamed)" : name;
    }
}
