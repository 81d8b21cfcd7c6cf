using System.Text;

namespace Appliance.Config;

/// <summary>
/// Turns a keepalived.conf into an appliance.ini: the VRRP instances with their addresses, timers, unicast peers and
/// tracking, and a note for everything that changes meaning or has no equivalent. The result validates (interfaces
/// it names are declared with manage = false); garbage in gives notes with line numbers, never an exception.
/// </summary>
public static class KeepalivedImporter
{
    public static KeepalivedImport Import(string keepalivedConfText)
    {
        var notes = new List<ImportNote>();
        var instances = new List<ImportedInstance>();
        var globals = new KeepalivedGlobals();
        var found = 0;
        var groups = new List<(string Name, List<string> Members, int Line)>();
        var complete = true;
        try
        {
            var tree = KeepalivedNode.Parse(keepalivedConfText ?? "", notes);
            foreach (var node in tree)
            {
                KeepalivedTopLevel.Read(node, globals, notes);
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var block in tree.Where(n => string.Equals(n.Keyword, "vrrp_instance", StringComparison.OrdinalIgnoreCase) && n.IsBlock))
            {
                found++;
                var name = UniqueName(block.Arg(0) ?? "instance", names);
                if (!string.Equals(name, block.Arg(0), StringComparison.Ordinal))
                {
                    notes.Add(new ImportNote(block.Line, ImportNoteKind.Adjusted, $"vrrp_instance {block.Arg(0)}: named [vrrp:{name}]"));
                }

                if (new KeepalivedInstanceReader(globals, notes).Read(block, name) is { } instance && Fits(instance, instances, notes))
                {
                    instances.Add(instance);
                }
            }

            groups = KeepalivedChecks.SyncGroups(tree, instances, notes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            notes.Add(new ImportNote(null, ImportNoteKind.Unreadable, $"internal error of the importer ({e.GetType().Name}: {e.Message}); please report this. The output is incomplete"));
            complete = false;
        }

        if (instances.Count == 0)
        {
            notes.Add(new ImportNote(null, ImportNoteKind.NotCarriedOver, "no vrrp_instance could be carried over"));
        }
        else if (!instances.Any(i => i.Track.Any(t => t.Object == TrackSpec.Nginx)))
        {
            notes.Add(new ImportNote(null, ImportNoteKind.NotCarriedOver, "keepalived did not check nginx: add nginx = fault under [vrrp:NAME:track] if the address should move when nginx fails"));
        }

        notes = [.. notes.OrderBy(n => n.Line ?? int.MaxValue)];
        var ini = KeepalivedIniWriter.Render(instances, globals, notes, groups);
        var check = ApplianceConfigLoader.Load(ini);
        foreach (var error in check.Errors)
        {
            notes.Add(new ImportNote(null, ImportNoteKind.Unreadable, $"the imported configuration does not validate: {error}"));
        }

        if (check.HasErrors)
        {
            ini = KeepalivedIniWriter.Render(instances, globals, notes, groups);
        }

        return new KeepalivedImport(ini, notes, found, instances.Count, complete && !check.HasErrors);
    }

    /// <summary>keepalived allows any word; here: lowercase letters, digits, '.', '_', '-', at most 32, unique.</summary>
    internal static string UniqueName(string source, HashSet<string> taken)
    {
        var name = new StringBuilder();
        foreach (var c in source.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
            if (keep || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(keep ? c : '-');
            }
        }

        var text = name.ToString().Trim('-', '.', '_');
        text = text.Length == 0 ? "instance" : text;
        text = text.Length > 28 ? text[..28].TrimEnd('-', '.', '_') : text;

        var unique = text;
        for (var n = 2; !taken.Add(unique); n++)
        {
            unique = $"{text}-{n}";
        }

        return unique;
    }

    /// <summary>Two instances cannot share a VRID on one link and family, nor a virtual address.</summary>
    private static bool Fits(ImportedInstance instance, List<ImportedInstance> carried, List<ImportNote> notes)
    {
        // Linux tells eth1 from Eth1; appliance.ini's section names do not (found by tools/fuzz.sh, keepalived).
        if (carried.FirstOrDefault(c => !string.Equals(c.Interface, instance.Interface, StringComparison.Ordinal)
            && string.Equals(c.Interface, instance.Interface, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            notes.Add(new ImportNote(instance.Line, ImportNoteKind.NotCarriedOver, $"vrrp_instance {instance.SourceName}: interface {instance.Interface} differs from {other.SourceName}'s {other.Interface} only in case, which appliance.ini does not tell apart: not carried over"));
            return false;
        }

        var clash = carried.FirstOrDefault(c => c.Interface == instance.Interface && c.Vrid == instance.Vrid && c.Family == instance.Family);
        if (clash is not null)
        {
            notes.Add(new ImportNote(instance.Line, ImportNoteKind.NotCarriedOver, $"vrrp_instance {instance.SourceName}: virtual_router_id {instance.Vrid} on {instance.Interface} is already used by {clash.SourceName}: not carried over"));
            return false;
        }

        foreach (var vip in instance.VirtualIps.ToList())
        {
            if (carried.FirstOrDefault(c => c.VirtualIps.Any(v => v.Address.Equals(vip.Address))) is { } owner)
            {
                notes.Add(new ImportNote(instance.Line, ImportNoteKind.NotCarriedOver, $"vrrp_instance {instance.SourceName}: {vip.Address} is already an address of {owner.SourceName}: left out"));
                instance.VirtualIps.Remove(vip);
            }
        }

        return instance.VirtualIps.Count > 0;
    }

}
