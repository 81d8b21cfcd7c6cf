namespace Appliance.Config;

internal static class HooksSection
{
    public static HooksOptions Read(RawHooks raw, Findings findings)
    {
        var r = new SectionReader(findings, "hooks");
        return new HooksOptions
        {
            OnMaster = Command(r, "on_master", raw.OnMaster),
            OnBackup = Command(r, "on_backup", raw.OnBackup),
            OnFault = Command(r, "on_fault", raw.OnFault),
            Timeout = r.Duration("timeout", raw.Timeout, new HooksOptions().Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(600)),
        };
    }

    /// <summary>
    /// A hook is a command line for /bin/sh -c, run from / with PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin.
    /// A program named by a relative path would depend on that working directory, so it is refused.
    /// </summary>
    private static string? Command(SectionReader r, string key, string? raw)
    {
        var command = r.Text(key, raw);
        var first = command?.TrimStart().Split([' ', '\t', ';', '&', '|'], 2)[0] ?? string.Empty;
        if (first.Contains('/', StringComparison.Ordinal) && first[0] != '/')
        {
            r.Error(key, raw, $"'{first}' is a relative path: hooks run from /, so give the program's absolute path, e.g. /usr/local/bin/notify-master");
            return null;
        }

        return command?.Trim();
    }
}
