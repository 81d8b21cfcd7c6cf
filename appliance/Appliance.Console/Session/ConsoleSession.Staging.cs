using Appliance.Config;
using Appliance.ConsoleUi.Editing;
using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>
/// Every change takes the same road: staged on the supervisor (config.set), shown as a diff with the validation
/// messages, then committed, committed with an automatic rollback (commit confirmed), kept for later, or
/// discarded. Address and VRRP changes default to commit confirmed: a mistake that cuts the box off undoes itself.
/// </summary>
internal sealed partial class ConsoleSession
{
    private static readonly string[] ApplyWords = ["c", "n", "l", "d", "confirmed", "now", "later", "discard"];

    /// <summary>Changes that can cut the box off its network or move the VIP: they default to commit confirmed.</summary>
    internal static bool NeedsConfirmation(IEnumerable<ConfigChange> changes) =>
        changes.Any(c => c.Section.StartsWith("interface", StringComparison.OrdinalIgnoreCase)
                         || c.Section.StartsWith("vrrp", StringComparison.OrdinalIgnoreCase));

    /// <summary>Stages <paramref name="edits"/>; with <paramref name="review"/> asks how to apply them afterwards.</summary>
    private void Stage(IReadOnlyList<ConfigEdit> edits, bool review = true)
    {
        Send(new ControlRequest { Command = "config.set", Set = edits.Select(e => e.Wire).ToList() }, "staging", response =>
        {
            if (!response.Ok)
            {
                Print($"Not staged: {response.Error}");
                PrintIndented(response.Messages);
                return;
            }

            Print("Staged:");
            PrintIndented(response.Messages);
            FetchConfig(review ? Review : () => Print("(commit applies the staged changes; show diff lists them)"));
        });
    }

    private void FetchConfig(Action then) =>
        Send(new ControlRequest { Command = "config.get" }, "reading the configuration", response =>
        {
            if (response.Ok && response.Text is not null)
            {
                UpdateConfig(response);
            }

            then();
        });

    /// <summary>The staged changes against the running configuration, and the question how to apply them.</summary>
    private void Review()
    {
        var changes = _config?.StagedChanges ?? [];
        if (changes.Count == 0)
        {
            Print("The staged configuration equals the running one: nothing to commit.");
            return;
        }

        var errors = _config!.StagedErrors();
        if (errors.Count > 0)
        {
            Print("The staged configuration has errors; a commit would be refused:");
            PrintIndented(errors);
            AskYesNo("Discard the staged changes? [y/N]: ", Discard,
                () => Print("Kept staged: correct them (menu or 'set'), then commit."));
            return;
        }

        var seconds = _options.DefaultConfirmSeconds;
        var confirmed = NeedsConfirmation(changes);
        var confirmedLine = $"  c) commit confirmed: apply now, roll back in {seconds} s unless confirmed";
        var nowLine = "  n) commit now";
        Print(confirmed ? confirmedLine + " (default)" : nowLine + " (default)");
        Print(confirmed ? nowLine + ", with no way back" : confirmedLine);
        Print("  l) later: keep the changes staged");
        Print("  d) discard the staged changes");
        var preset = confirmed ? "c" : "n";
        Prompt(new Ask($"Apply [c/n/l/d] (Enter: {preset}): ", answer =>
        {
            var choice = answer.Trim().ToLowerInvariant();
            switch (choice.Length == 0 ? preset : choice[..1])
            {
                case "c":
                    Commit(seconds);
                    break;
                case "n":
                    Commit(null);
                    break;
                case "l":
                    Print("Kept staged: s in the menu or 'commit' applies them, 'rollback' discards them.");
                    break;
                default:
                    Discard();
                    break;
            }
        })
        {
            MaxLength = 16,
            Completer = new WordCompleter(ApplyWords),
            Validate = a => a.Trim().Length == 0 || ApplyWords.Contains(a.Trim().ToLowerInvariant()) ? null : ["answer c, n, l or d"],
        });
    }

    private void ReviewStaged()
    {
        if (_config?.Staged is null)
        {
            Print("Nothing is staged.");
            return;
        }

        PrintDiff();
        Review();
    }

    private void PrintDiff()
    {
        var changes = _config?.StagedChanges ?? [];
        if (changes.Count == 0)
        {
            Print("Nothing is staged.");
            return;
        }

        Print("Staged, not yet applied:");
        Show(changes.Select(c => "  " + c));
    }

    /// <summary>config.commit, with an automatic rollback after <paramref name="confirmSeconds"/> unless confirmed.</summary>
    private void Commit(int? confirmSeconds)
    {
        Send(new ControlRequest { Command = "config.commit", ConfirmSeconds = confirmSeconds }, "applying the configuration", response =>
        {
            if (!response.Ok)
            {
                Print($"Commit refused: {response.Error}");
                PrintIndented(response.Messages);
            }
            else
            {
                // A new countdown: whatever was expected of the last one no longer matters.
                _resolutionExpected = false;
                Print(confirmSeconds is { } seconds
                    ? $"Committed. It rolls back in {seconds} s unless confirmed: y in the menu, 'confirm' on the command line."
                    : "Committed.");
                PrintIndented(response.Messages);
            }

            RefreshSoon();
        }, _options.ApplyTimeout);
    }

    private void Confirm()
    {
        _resolutionExpected = true;
        Send(new ControlRequest { Command = "config.confirm" }, "confirming", response =>
        {
            if (response.Ok)
            {
                Print("Confirmed: the new configuration stays.");
                ForgetPending();
            }
            else
            {
                _resolutionExpected = false;
                Print($"Not confirmed: {response.Error}");
            }

            PrintIndented(response.Messages);
            RefreshSoon();
        });
    }

    /// <summary>config.rollback: undoes an unconfirmed commit now, or else discards the staged changes.</summary>
    private void Rollback()
    {
        var pending = _status?.PendingCommit is not null;
        _resolutionExpected = pending;
        Send(new ControlRequest { Command = "config.rollback" }, pending ? "rolling back" : "discarding", response =>
        {
            if (response.Ok)
            {
                Print(pending ? "Rolled back: the previous configuration is back." : "Staged changes discarded.");
                ForgetPending();
            }
            else
            {
                _resolutionExpected = false;
                Print($"Not rolled back: {response.Error}");
            }

            PrintIndented(response.Messages);
            RefreshSoon();
        }, _options.ApplyTimeout);
    }

    private void Discard()
    {
        if (_status?.PendingCommit is not null)
        {
            // config.rollback would undo the unconfirmed commit as well, which is not what "discard" promises.
            Print("A commit waits for confirmation: confirm it (y) or roll it back (r) first, then discard.");
            return;
        }

        Rollback();
    }

    /// <summary>The supervisor said the pending commit is settled: do not show its countdown until the next status says otherwise.</summary>
    private void ForgetPending()
    {
        if (_status?.PendingCommit is not null)
        {
            _status = _status with { PendingCommit = null };
        }
    }

    private void PrintIndented(IEnumerable<string>? lines)
    {
        if (lines is not null)
        {
            Show(lines.Select(l => "  " + l));
        }
    }

    private void AskYesNo(string label, Action yes, Action no)
    {
        Prompt(new Ask(label, answer =>
        {
            if (answer.Trim().ToLowerInvariant() is "y" or "yes")
            {
                yes();
            }
            else
            {
                no();
            }
        })
        {
            MaxLength = 8,
            Completer = new WordCompleter(["yes", "no"]),
            Validate = a => a.Trim().ToLowerInvariant() is "" or "y" or "yes" or "n" or "no" ? null : ["answer y or n"],
        });
    }
}
