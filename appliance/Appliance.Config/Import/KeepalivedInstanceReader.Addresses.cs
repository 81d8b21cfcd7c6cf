using System.Net;

namespace Appliance.Config;

/// <summary>virtual_ipaddress entries and single addresses (unicast source and peers).</summary>
internal sealed partial class KeepalivedInstanceReader
{
    private void ReadVirtualIps(ImportedInstance instance, KeepalivedNode block)
    {
        foreach (var entry in block.Children ?? [])
        {
            if (!Addresses.TryParseCidr(entry.Keyword, prefixRequired: false, out var vip, out var error))
            {
                Note(entry.Line, ImportNoteKind.Unreadable, $"virtual_ipaddress '{entry.Keyword}': {error}: not carried over");
                continue;
            }

            var options = entry.Args;
            var dev = Option(options, "dev");
            if (dev is not null && dev != instance.Interface)
            {
                Note(entry.Line, ImportNoteKind.NotCarriedOver, $"virtual_ipaddress {vip} dev {dev}: an instance puts its addresses on its own interface ({instance.Interface}); make a separate instance on {dev}");
                continue;
            }

            if (Option(options, "label") is { } label)
            {
                Note(entry.Line, ImportNoteKind.NotCarriedOver, $"virtual_ipaddress {vip} label {label}: address labels are not set");
            }

            var extra = options.Where((o, i) => o is not ("dev" or "label") && (i == 0 || options[i - 1] is not ("dev" or "label"))).ToList();
            if (extra.Count > 0)
            {
                Note(entry.Line, ImportNoteKind.NotCarriedOver, $"virtual_ipaddress {vip}: options ignored: {string.Join(' ', extra)}");
            }

            if (instance.VirtualIps.Count > 0 && vip.Family != instance.Family)
            {
                Note(entry.Line, ImportNoteKind.NotCarriedOver, $"virtual_ipaddress {vip}: one address family per instance; add a second instance for {Addresses.FamilyName(vip.Family)}");
                continue;
            }

            var problem = Addresses.UnicastProblem(vip.Address) ?? (instance.VirtualIps.Any(v => v.Address.Equals(vip.Address)) ? "listed twice" : null);
            if (problem is not null)
            {
                Note(entry.Line, ImportNoteKind.NotCarriedOver, $"virtual_ipaddress {vip}: {problem}");
                continue;
            }

            instance.VirtualIps.Add(vip);
        }
    }
    private IPAddress? Address(KeepalivedNode node, string? text, ImportedInstance instance)
    {
        if (text is null)
        {
            Note(node.Line, ImportNoteKind.Unreadable, $"{node.Keyword}: missing address: not carried over");
            return null;
        }

        if (!Addresses.TryParse(text, out var address, out var error))
        {
            Note(node.Line, ImportNoteKind.Unreadable, $"{node.Keyword} '{text}': {error}: not carried over");
            return null;
        }

        if (address.AddressFamily != instance.Family)
        {
            Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node.Keyword} {address}: not the instance's address family ({Addresses.FamilyName(instance.Family)}): not carried over");
            return null;
        }

        // The loader refuses a peer or source that cannot be a host's (found by tools/fuzz.sh, keepalived: 0.20.0.12).
        if (Addresses.UnicastProblem(address) is { } problem)
        {
            Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node.Keyword} {address}: {problem}, not a host's address: not carried over");
            return null;
        }

        return address;
    }
    private static string? Option(IReadOnlyList<string> options, string name)
    {
        for (var i = 0; i + 1 < options.Count; i++)
        {
            if (string.Equals(options[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return options[i + 1];
            }
        }

        return null;
    }
}
