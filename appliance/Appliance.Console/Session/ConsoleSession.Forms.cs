using System.Globalization;
using Appliance.Config;
using Appliance.ConsoleUi.Editing;

namespace Appliance.ConsoleUi.Session;

/// <summary>
/// The questions that change settings: hostname, management address, a VRRP instance. Each answer is checked at
/// once with the loader (the same messages as <c>appliance config check</c>); Enter alone keeps the current value,
/// '-' removes it; nothing reaches the supervisor until the form is finished, and then as one staged change.
/// </summary>
internal sealed partial class ConsoleSession
{
    internal static readonly string[] VrrpFields =
        ["vrid", "priority", "virtual_ip", "advert_interval", "preempt", "unicast_peer", "track", "interface"];

    private void SetHostname()
    {
        var path = new ConfigKeyPath("system", "hostname");
        var current = _config!.Get(path) ?? "appliance";
        Prompt(new Ask($"Hostname [{current}]: ", answer =>
        {
            var edits = new List<ConfigEdit>();
            AddEdit(edits, path, answer, current);
            if (edits.Count == 0)
            {
                Print("The hostname is unchanged.");
                return;
            }

            Stage(edits);
        })
        {
            MaxLength = 63,
            Validate = Checker([], path),
        });
    }

    private void SetManagement()
    {
        var interfaces = _config!.Interfaces;
        if (interfaces.Count <= 1)
        {
            ManagementFields(interfaces.Count == 1 ? interfaces[0] : "eth0");
            return;
        }

        Print($"  Interfaces: {string.Join(", ", interfaces)}");
        Prompt(new Ask($"Interface [{interfaces[0]}]: ", answer =>
            ManagementFields(answer.Trim().Length == 0 ? interfaces[0] : answer.Trim()))
        {
            MaxLength = 15,
            Completer = new WordCompleter(interfaces),
            Validate = a => a.Trim().Length == 0 || interfaces.Contains(a.Trim(), StringComparer.Ordinal)
                ? null
                : [$"not an interface of this configuration: {string.Join(", ", interfaces)}"],
        });
    }

    private void ManagementFields(string name)
    {
        var section = $"interface:{name}";
        var address = new ConfigKeyPath(section, "address");
        var gateway = new ConfigKeyPath(section, "gateway");
        var manage = new ConfigKeyPath(section, "manage");
        var edits = new List<ConfigEdit>();
        var currentAddress = _config!.Get(address) ?? "";
        Print($"  {name} has {Shown(currentAddress)}; give addresses in CIDR form, comma separated.");
        Prompt(new Ask($"{name} address [{Brief(Shown(currentAddress))}]: ", answer =>
        {
            AddEdit(edits, address, answer, currentAddress);
            var currentGateway = _config!.Get(gateway) ?? "";
            Prompt(new Ask($"IPv4 gateway, - for none [{Brief(Shown(currentGateway))}]: ", answer =>
            {
                AddEdit(edits, gateway, answer, currentGateway);
                if (edits.Count == 0)
                {
                    Print("Nothing changed.");
                    return;
                }

                var managed = _config!.Get(manage)?.Trim();
                if (!string.Equals(managed, "true", StringComparison.OrdinalIgnoreCase))
                {
                    Print($"  The appliance leaves {name} as it is (manage = {managed ?? "false"}): these addresses are not set until it manages {name}.");
                    AskYesNo($"Let the appliance manage {name}? [y/N]: ",
                        () => Stage([.. edits, new ConfigEdit(manage, "true")]),
                        () => Stage(edits));
                    return;
                }

                Stage(edits);
            })
            {
                MaxLength = 64,
                Validate = Checker(edits, gateway, keepOnEmpty: true),
            });
        })
        {
            MaxLength = 200,
            Validate = Checker(edits, address, keepOnEmpty: true),
        });
    }

    private void ConfigureVrrp()
    {
        var instances = _config!.Instances;
        if (instances.Count == 1)
        {
            EditInstance(instances[0]);
            return;
        }

        var preset = instances.Count > 0 ? instances[0] : "web";
        var label = instances.Count == 0
            ? $"Name of the new VRRP instance [{preset}]: "
            : $"Instance ({string.Join(", ", instances)}, or a new name) [{preset}]: ";
        Prompt(new Ask(label, answer =>
        {
            var name = answer.Trim().Length == 0 ? preset : answer.Trim();
            var existing = instances.FirstOrDefault(i => string.Equals(i, name, StringComparison.OrdinalIgnoreCase));
            if (existing is null)
            {
                Print($"  {name} is a new instance: set at least interface, vrid and virtual_ip.");
            }

            EditInstance(existing ?? name);
        })
        {
            MaxLength = 32,
            Completer = new WordCompleter(instances),
            Validate = a => a.Trim().Length == 0 || InstanceNameProblem(a.Trim()) is not { } problem ? null : [problem],
        });
    }

    private void EditInstance(string name)
    {
        var edits = new List<ConfigEdit>();
        PrintInstance(name, edits);
        AskField(name, edits);
    }

    private void AskField(string name, List<ConfigEdit> edits)
    {
        var words = VrrpFields.Append("list").ToList();
        Prompt(new Ask($"Field [1-{VrrpFields.Length}, l: list, Enter: done]: ", answer =>
        {
            var text = answer.Trim().ToLowerInvariant();
            if (text.Length == 0)
            {
                if (edits.Count == 0)
                {
                    Print("Nothing changed.");
                    return;
                }

                Stage(edits);
                return;
            }

            if (text is "l" or "list")
            {
                PrintInstance(name, edits);
                AskField(name, edits);
                return;
            }

            var field = FieldOf(text)!;
            if (field == "track")
            {
                AskTrack(name, edits);
            }
            else
            {
                AskValue(name, field, edits);
            }
        })
        {
            MaxLength = 20,
            Completer = new WordCompleter(words),
            Validate = a => a.Trim().Length == 0 || a.Trim().ToLowerInvariant() is "l" or "list" || FieldOf(a.Trim().ToLowerInvariant()) is not null
                ? null
                : [$"type a field number 1-{VrrpFields.Length} (or its name), l to list, Enter alone when done"],
            OnCancel = () =>
            {
                if (edits.Count > 0)
                {
                    Print("Abandoned: nothing was staged.");
                }

                GoHome();
            },
        });
    }

    private static string? FieldOf(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 && number <= VrrpFields.Length ? VrrpFields[number - 1] : null;
        }

        var matches = VrrpFields.Where(f => f.StartsWith(text, StringComparison.Ordinal)).ToList();
        return matches.Count == 1 ? matches[0] : VrrpFields.FirstOrDefault(f => f == text);
    }

    private void AskValue(string name, string field, List<ConfigEdit> edits)
    {
        var path = new ConfigKeyPath($"vrrp:{name}", field);
        var info = ConfigSchema.Find(path.Section, field);
        var current = CurrentValue(path, edits);
        if (info is not null)
        {
            Print($"  {field}: {info.Meaning} Range: {info.Range}.");
        }

        Prompt(new Ask($"{field} [{Brief(Shown(current ?? "", info))}]: ", answer =>
        {
            AddEdit(edits, path, answer, current ?? "");
            Print($"  {field} = {Shown(CurrentValue(path, edits) ?? "", info)}");
            AskField(name, edits);
        })
        {
            MaxLength = 200,
            Completer = ValueCompleter(info, field),
            Validate = Checker(edits, path, keepOnEmpty: true),
            OnCancel = () => AskField(name, edits),
        });
    }

    private void AskTrack(string name, List<ConfigEdit> edits)
    {
        var section = $"vrrp:{name}:track";
        var objects = new List<string> { "nginx" };
        objects.AddRange(_config!.Interfaces);
        Prompt(new Ask("Tracked object: nginx or an interface name [nginx]: ", answer =>
        {
            var tracked = answer.Trim().Length == 0 ? "nginx" : answer.Trim();
            var path = new ConfigKeyPath(section, tracked);
            var current = CurrentValue(path, edits);
            Print($"  While {tracked} is down: fault (give up the VIP), or a number added to the priority (e.g. -20); - stops tracking it.");
            Prompt(new Ask($"track {tracked} [{Brief(current ?? "not tracked")}]: ", value =>
            {
                AddEdit(edits, path, value, current ?? "");
                Print($"  track {tracked} = {CurrentValue(path, edits) ?? "(not tracked)"}");
                AskField(name, edits);
            })
            {
                MaxLength = 16,
                Completer = new WordCompleter(["fault"]),
                Validate = Checker(edits, path, keepOnEmpty: true),
                OnCancel = () => AskField(name, edits),
            });
        })
        {
            MaxLength = 15,
            Completer = new WordCompleter(objects),
            Validate = a => a.Trim().Length == 0 || TrackedObjectProblem(a.Trim()) is not { } problem ? null : [problem],
            OnCancel = () => AskField(name, edits),
        });
    }

    private void PrintInstance(string name, List<ConfigEdit> edits)
    {
        var isNew = !_config!.Instances.Contains(name, StringComparer.OrdinalIgnoreCase);
        Print($"VRRP instance {name}{(isNew ? " (new)" : "")}:");
        for (var i = 0; i < VrrpFields.Length; i++)
        {
            var field = VrrpFields[i];
            string value;
            bool changed;
            if (field == "track")
            {
                var section = $"vrrp:{name}:track";
                var tracked = _config.Entries(section).Select(e => e.Key)
                    .Concat(edits.Where(e => e.Path.Section == section).Select(e => e.Path.Key))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .Select(k => (Key: k, Value: CurrentValue(new ConfigKeyPath(section, k), edits)))
                    .Where(t => !string.IsNullOrEmpty(t.Value))
                    .Select(t => $"{t.Key} = {t.Value}")
                    .ToList();
                value = tracked.Count == 0 ? "(none)" : string.Join(", ", tracked);
                changed = edits.Any(e => e.Path.Section == section);
            }
            else
            {
                var path = new ConfigKeyPath($"vrrp:{name}", field);
                value = Shown(CurrentValue(path, edits) ?? "", ConfigSchema.Find(path.Section, field));
                changed = edits.Any(e => e.Path == path);
            }

            Print($"  {i + 1}) {field,-16} {value}{(changed ? "   (changed)" : "")}");
        }
    }

    /// <summary>The value the form shows: the form's own edit if any, else the working configuration's.</summary>
    private string? CurrentValue(ConfigKeyPath path, List<ConfigEdit> edits)
    {
        var edit = edits.LastOrDefault(e => e.Path == path);
        if (edit.Path == path)
        {
            return edit.Removes ? null : edit.Value;
        }

        return _config!.Get(path);
    }

    /// <summary>Records an answer: Enter alone keeps the current value, '-' removes the key, anything else replaces it.</summary>
    private static void AddEdit(List<ConfigEdit> edits, ConfigKeyPath path, string answer, string current)
    {
        var value = answer.Trim();
        if (value.Length == 0)
        {
            return;
        }

        if (value == "-")
        {
            value = "";
        }

        edits.RemoveAll(e => e.Path == path);
        if (value != current.Trim())
        {
            edits.Add(new ConfigEdit(path, value));
        }
    }

    /// <summary>Checks an answer for <paramref name="path"/> on top of the form's other edits, as config check would.</summary>
    private Func<string, IReadOnlyList<string>?> Checker(List<ConfigEdit> edits, ConfigKeyPath path, bool keepOnEmpty = false) => answer =>
    {
        var value = answer.Trim();
        if (value.Length == 0 && keepOnEmpty)
        {
            return null;
        }

        var candidate = edits.Where(e => e.Path != path).Append(new ConfigEdit(path, value == "-" ? "" : value)).ToList();
        var problems = _config!.Check(candidate, path);
        return problems.Count > 0 ? problems : null;
    };

    /// <summary>A current value short enough for a prompt line; the whole of it was printed above.</summary>
    private static string Brief(string value) => value.Length <= 24 ? value : value[..21] + "...";

    private static string Shown(string value, ConfigKeyInfo? info = null)
    {
        if (value.Trim().Length > 0)
        {
            return value.Trim();
        }

        return info is { Default.Length: > 0 } ? $"default {info.Default}" : "not set";
    }

    private static ICompleter? ValueCompleter(ConfigKeyInfo? info, string key)
    {
        if (info is null)
        {
            return null;
        }

        if (info.Range.StartsWith("boolean", StringComparison.Ordinal))
        {
            return new WordCompleter(["true", "false"]);
        }

        return key switch
        {
            "version" => new WordCompleter(["2", "3"]),
            "recovery" => new WordCompleter(["restart-first", "resign"]),
            "level" => new WordCompleter(["verbose", "debug", "information", "warning", "error", "fatal"]),
            _ => null,
        };
    }

    /// <summary>The loader's rule for tracked objects (Names.TrackObjectProblem): nginx, or an interface name.</summary>
    internal static string? TrackedObjectProblem(string name) =>
        string.Equals(name, "nginx", StringComparison.OrdinalIgnoreCase)
        || (name.Length is > 0 and <= 15 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            ? null
            : "track nginx or an interface name (letters, digits, '.', '_' and '-', at most 15)";

    /// <summary>The loader's rule for instance names (Names.InstanceNameProblem), for an answer before anything is staged.</summary>
    internal static string? InstanceNameProblem(string name)
    {
        if (name.Length is 0 or > 32)
        {
            return "instance names are 1-32 characters";
        }

        return char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : "instance names start with a letter or digit and use letters, digits, '.', '_' and '-'";
    }
}
