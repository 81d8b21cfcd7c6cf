namespace Appliance.Config;

/// <summary>
/// Recognises keepalived check scripts that only ask "is nginx alive": the appliance's own supervisor watches nginx
/// (process and HTTP probe), so such a script becomes the tracked object <c>nginx</c>.
/// </summary>
internal static class NginxCheck
{
    public enum Verdict
    {
        NotNginx,
        Nginx,
        NginxByName,
    }

    public static Verdict Classify(string scriptName, string command)
    {
        var c = command.ToLowerInvariant();
        var mentionsNginx = c.Contains("nginx", StringComparison.Ordinal);
        string[] processChecks = ["killall -0 nginx", "pidof nginx", "pgrep", "nginx.pid", "systemctl is-active", "service nginx status", "ps "];
        if (mentionsNginx && processChecks.Any(p => c.Contains(p, StringComparison.Ordinal)))
        {
            return Verdict.Nginx;
        }

        // An HTTP probe of this box: that is what nginx serves, whatever the script is called.
        string[] clients = ["curl", "wget"];
        string[] local = ["localhost", "127.0.0.1", "[::1]"];
        if (clients.Any(x => c.Contains(x, StringComparison.Ordinal)) && local.Any(x => c.Contains(x, StringComparison.Ordinal)))
        {
            return Verdict.Nginx;
        }

        // A script file we cannot see, named for nginx (check_nginx.sh), or in a vrrp_script named for nginx: very
        // likely the same check. The import note says it was assumed.
        var program = c.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var programName = program[(program.LastIndexOf('/') + 1)..];
        if (programName != "nginx"
            && (programName.Contains("nginx", StringComparison.Ordinal)
                || (scriptName.Contains("nginx", StringComparison.OrdinalIgnoreCase) && program.StartsWith('/'))))
        {
            return Verdict.NginxByName;
        }

        return Verdict.NotNginx;
    }
}
