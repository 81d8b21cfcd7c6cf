using Appliance.Config;
using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>
/// The password gate, the lock after a long silence, and setting or clearing the password. The stored form is
/// <see cref="ConsolePassword"/>'s salted PBKDF2 hash in <c>[system] console_password</c>. A typed password goes
/// only to the supervisor (console.login on the root-only console socket), which checks it and keeps one failure
/// counter and lock-out for every console; a new password leaves this process only as its hash.
/// </summary>
internal sealed partial class ConsoleSession
{
    private TimeSpan _lastInput;
    private bool _locked;
    private int _failedLogins;

    /// <summary>Wrong passwords at this console since its last right one (the shared count is the supervisor's).</summary>
    public int FailedLogins => _failedLogins;

    private TimeSpan? IdleDeadline => _config?.PasswordHash is not null && !_locked ? _lastInput + _options.IdleLock : null;

    private void Begin()
    {
        if (_config?.PasswordHash is not null)
        {
            Gate();
            return;
        }

        Welcome();
    }

    private void Gate()
    {
        ClearAsk();
        _locked = true;
        if (_config?.PasswordHash is null)
        {
            // The password was removed meanwhile (by another session, or a rollback).
            _locked = false;
            Welcome();
            return;
        }

        Prompt(new Ask("Password: ", CheckPassword) { Masked = true, MaxLength = ConsolePassword.MaximumLength, OnCancel = Gate });
    }

    private void CheckPassword(string answer)
    {
        if (_config?.PasswordHash is null)
        {
            _locked = false;
            Welcome();
            return;
        }

        Send(
            new ControlRequest { Command = "console.login", Password = answer, Console = _options.Device },
            "checking the password",
            response =>
            {
                if (response.Ok)
                {
                    _locked = false;
                    _failedLogins = 0;
                    Welcome();
                    return;
                }

                if (response.RetryAfterSeconds is not { } wait)
                {
                    Print($"The password could not be checked: {response.Error}");
                    Gate();
                    return;
                }

                if (response.Error == "wrong password")
                {
                    _failedLogins++;
                    Print($"Wrong password. Wait {wait:0} s.");
                }
                else
                {
                    Print($"Too many wrong passwords at the consoles. Wait {wait:0} s.");
                }

                _typeAhead.Clear();
                _delayUntil = _now + TimeSpan.FromSeconds(Math.Clamp(wait, 0, 3600));
                _afterDelay = Gate;
            },
            onFailure: problem =>
            {
                Print($"The password could not be checked: {problem}");
                Gate();
            });
    }

    private void CheckIdle()
    {
        if (IdleDeadline is { } deadline && _now >= deadline && !Busy)
        {
            ClearAsk();
            _pager.Clear();
            _typeAhead.Clear();
            Print($"Locked after {_options.IdleLock.TotalMinutes:0} minutes without input.");
            Gate();
        }
    }

    private void ChangePassword()
    {
        var minimum = _options.MinimumPasswordLength;
        Print($"The console password: at least {minimum} characters; Enter alone removes it.");
        Prompt(new Ask("New console password: ", first =>
        {
            if (first.Length == 0)
            {
                RemovePassword();
                return;
            }

            Prompt(new Ask("The same again: ", second =>
            {
                if (second != first)
                {
                    Print("The two entries differ: the password is unchanged.");
                    return;
                }

                var hash = _options.HashPassword(first);
                Stage([new ConfigEdit(new ConfigKeyPath("system", "console_password"), hash)]);
            }) { Masked = true, MaxLength = ConsolePassword.MaximumLength });
        })
        {
            Masked = true,
            MaxLength = ConsolePassword.MaximumLength,
            Validate = pw => pw.Length > 0 && pw.Length < minimum ? [$"too short: at least {minimum} characters"] : null,
        });
    }

    private void RemovePassword()
    {
        if (_config?.PasswordHash is null)
        {
            Print("No console password is set: nothing to change.");
            return;
        }

        Print("Without a password anyone at the console gets in.");
        AskYesNo("Remove the console password? [y/N]: ",
            () => Stage([new ConfigEdit(new ConfigKeyPath("system", "console_password"), "")]),
            () => Print("The password is unchanged."));
    }
}
