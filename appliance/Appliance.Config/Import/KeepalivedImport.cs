namespace Appliance.Config;

public enum ImportNoteKind
{
    /// <summary>Carried over, but changed to fit (rounded, clamped, converted).</summary>
    Adjusted,

    /// <summary>Has no equivalent here, or was left out on purpose; the message says why and what to do instead.</summary>
    NotCarriedOver,

    /// <summary>Text the importer could not read.</summary>
    Unreadable,
}

/// <summary>One remark of the importer, with the keepalived.conf line it is about (null: the file as a whole).</summary>
public sealed record ImportNote(int? Line, ImportNoteKind Kind, string Message)
{
    public override string ToString() => Line is { } line ? $"line {line}: {Message}" : Message;
}

/// <summary>
/// The appliance.ini made from a keepalived.conf, and everything the operator must know about the translation:
/// the notes, how many vrrp_instance blocks the file had and how many were carried over, and whether the result
/// validates. <see cref="Complete"/> is what a script checks: every instance carried over into a valid file.
/// </summary>
public sealed record KeepalivedImport(string IniText, IReadOnlyList<ImportNote> Notes, int InstancesFound, int InstancesCarried, bool Valid)
{
    public int InstancesSkipped => InstancesFound - InstancesCarried;

    public bool Complete => Valid && InstancesSkipped == 0;
}
