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

    private static string? Command(SectionReader r, string key, string? raw)
    {
        var command = r.Text(key, raw);
        if (command is not null && command.TrimStart()[0] != '/')
        {
            r.Error(key, raw, "a hook is a command starting with an absolute path (there is no PATH lookup), e.g. /usr/local/bin/notify-master");
            return null;
        }

        return command?.Trim();
    }
}
