using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Appliance.ConsoleUi.Editing;
using Appliance.ConsoleUi.Screen;
using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>The things that are done rather than configured: status, log, failover, nginx, reachability, power, shell.</summary>
internal sealed partial class ConsoleSession
{
    public const int DefaultHoldSeconds = 300;

    private void ShowStatus()
    {
        Send(new ControlRequest { Command = "status" }, "asking for the status", response =>
        {
            if (!response.Ok || response.Status is null)
            {
                Print($"No status: {response.Error}");
                return;
            }

            UpdateStatus(response.Status);
            Show(Printable.Lines(StatusText.Format(response.Status)));
        });
    }

    private void ShowLog(int lines, bool hint = false)
    {
        Send(new ControlRequest { Command = "log.tail", Lines = lines }, "reading the log", response =>
        {
            if (!response.Ok)
            {
                Print($"No log: {response.Error}");
                return;
            }

            var text = Printable.Lines(response.Text).ToList();
            if (text.Count == 0)
            {
                Print("(the log is empty)");
                return;
            }

            Show(text);
            if (hint)
            {
                Print("(show log N for more)");
            }
        });
    }

    private void Failover(string? instance, int? hold)
    {
        var names = _status?.Vrrp.Select(v => v.Name).ToList() ?? [];
        if (instance is null && names.Count != 1)
        {
            if (names.Count == 0)
            {
                Print("No VRRP instance runs here: nothing to hand over.");
                return;
            }

            var master = _status!.Vrrp.FirstOrDefault(v => v.State == "master")?.Name ?? names[0];
            Print($"  Instances: {string.Join(", ", names)}");
            Prompt(new Ask($"Instance to hand over [{master}]: ", answer =>
                Failover(answer.Trim().Length == 0 ? master : answer.Trim(), hold))
            {
                MaxLength = 32,
                Completer = new WordCompleter(names),
                Validate = a => a.Trim().Length == 0 || names.Contains(a.Trim(), StringComparer.OrdinalIgnoreCase) ? null : [$"no instance '{a.Trim()}'; instances: {string.Join(", ", names)}"],
            });
            return;
        }

        instance ??= names[0];
        if (hold is null)
        {
            Print($"  After the handover this box holds back from taking {instance} again for a while.");
            Prompt(new Ask($"Hold back for how many seconds [{DefaultHoldSeconds}]: ", answer =>
                Failover(instance, answer.Trim().Length == 0 ? DefaultHoldSeconds : int.Parse(answer.Trim(), CultureInfo.InvariantCulture)))
            {
                MaxLength = 6,
                Validate = a => a.Trim().Length == 0 || (int.TryParse(a.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s <= 86400) ? null : ["a whole number of seconds, 0-86400"],
            });
            return;
        }

        Send(new ControlRequest { Command = "failover", Instance = instance, HoldSeconds = hold }, $"handing {instance} over", response =>
        {
            if (response.Ok)
            {
                PrintIndented(response.Messages ?? [$"{instance} handed over."]);
            }
            else
            {
                Print($"Failover refused: {response.Error}");
            }

            RefreshSoon();
        }, _options.FailoverTimeout);
    }

    /// <summary>drain / undrain an [anycast:NAME] group, as <c>appliance drain NAME</c> does.</summary>
    private void Drain(string? group, bool drain)
    {
        var verb = drain ? "drain" : "undrain";
        if (group is null)
        {
            Print($"{verb} GROUP: name an [anycast:NAME] group (show status lists them)");
            return;
        }

        Send(new ControlRequest { Command = verb, Group = group }, $"{verb} {group}", response =>
        {
            if (response.Ok)
            {
                PrintIndented(response.Messages);
            }
            else
            {
                Print($"{verb} refused: {response.Error}");
            }

            RefreshSoon();
        });
    }

    private void Nginx(string? action)
    {
        if (action is null)
        {
            Print("  reload: check nginx's configuration, then reload it; restart: stop and start it.");
            Prompt(new Ask("nginx: reload or restart [reload]: ", answer =>
                Nginx(answer.Trim().Length == 0 ? "reload" : answer.Trim().ToLowerInvariant()))
            {
                MaxLength = 8,
                Completer = new WordCompleter(["reload", "restart"]),
                Validate = a => a.Trim().ToLowerInvariant() is "" or "reload" or "restart" ? null : ["answer reload or restart"],
            });
            return;
        }

        Send(new ControlRequest { Command = "nginx." + action }, $"nginx {action}", response =>
        {
            if (response.Ok)
            {
                PrintIndented(response.Messages ?? [action == "reload" ? "nginx reloaded." : "nginx restarted."]);
            }
            else
            {
                Print($"nginx {action} failed: {response.Error}");
                PrintIndented(response.Messages);
            }

            RefreshSoon();
        }, _options.ApplyTimeout);
    }

    /// <summary>ping, then (when <paramref name="http"/>) a few HTTP requests with our own probe.</summary>
    private void Reach(string? address, bool ping = true, bool http = true)
    {
        if (address is null)
        {
            Prompt(new Ask("Address to reach (IPv4 or IPv6): ", answer => Reach(answer.Trim(), ping, http))
            {
                MaxLength = 45,
                Validate = a => AddressProblem(a.Trim()) is { } problem ? [problem] : null,
            });
            return;
        }

        if (AddressProblem(address) is { } invalid)
        {
            Print(invalid);
            return;
        }

        var ip = IPAddress.Parse(address);
        var url = ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"http://[{ip}]/" : $"http://{ip}/";
        void Probe() => RunProgram(["appliance", "probe", url, "--count", "3", "--timeout", "1s"], $"requesting {url}",
            outcome => Print($"  ({outcome})"));
        if (!ping)
        {
            Probe();
            return;
        }

        RunProgram(["ping", "-c", "3", "-W", "1", ip.ToString()], $"ping {ip}", outcome =>
        {
            Print($"  ({outcome})");
            if (http)
            {
                Probe();
            }
        });
    }

    /// <summary>Only literal addresses: the box may have no resolver, and nothing typed here reaches a shell.</summary>
    internal static string? AddressProblem(string text) =>
        IPAddress.TryParse(text, out var ip) && text.Length > 0 && (text.Contains(':') || text.Count(c => c == '.') == 3) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
            ? null
            : $"'{Printable.Line(text)}' is not an IPv4 or IPv6 address (e.g. 192.0.2.10 or 2001:db8::10)";

    private void FactoryReset()
    {
        var hostname = _config!.Hostname;
        Print("Reset to factory defaults: every setting is replaced (hostname, addresses, VRRP, password).");
        Print("The defaults are staged and shown first; they take effect when committed.");
        Prompt(new Ask($"Type the hostname ({hostname}) to go on: ", answer =>
        {
            if (!string.Equals(answer.Trim(), hostname, StringComparison.Ordinal))
            {
                Print("That is not the hostname: nothing was reset.");
                return;
            }

            Send(new ControlRequest { Command = "config.factory-reset" }, "staging the factory defaults", response =>
            {
                if (!response.Ok)
                {
                    Print($"Not reset: {response.Error}");
                    PrintIndented(response.Messages);
                    return;
                }

                Print("Staged the factory defaults:");
                PrintIndented(response.Messages);
                FetchConfig(Review);
            }, _options.ApplyTimeout);
        })
        {
            MaxLength = 63,
        });
    }

    private void Power(string command)
    {
        var title = command == "reboot" ? "Reboot" : "Power off";
        if (PendingSecondsLeft is not null)
        {
            Print("Note: a committed change still waits for confirmation.");
        }

        Prompt(new Ask($"{title} the box now? Type yes: ", answer =>
        {
            if (answer.Trim() != "yes")
            {
                Print($"Not done ({title.ToLowerInvariant()} needs 'yes').");
                return;
            }

            Send(new ControlRequest { Command = command }, command == "reboot" ? "rebooting" : "powering off", response =>
            {
                if (response.Ok)
                {
                    PrintIndented(response.Messages ?? ["The box is going down."]);
                }
                else
                {
                    Print($"{title} refused: {response.Error}");
                }
            });
        })
        {
            MaxLength = 8,
        });
    }

    private void StartShell()
    {
        if (_config?.ShellEnabled != true)
        {
            Print("The shell is not enabled on this box ([system] shell = false).");
            return;
        }

        Print("A shell; type exit to come back to the console.");
        _inShell = true;
        _effects.Enqueue(new ConsoleEffect.Shell());
    }
}
