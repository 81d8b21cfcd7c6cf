namespace Appliance.Lab;

/// <summary>An nginx configuration for a lab box: every path in the box's directory, a page that names the box.</summary>
public static class NginxSite
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>Writes the configuration and returns its path.</summary>
    public static string Write(LabBox box)
    {
        var dir = box.Directory;
        var temp = Path.Combine(dir, "nginx-tmp");
        Directory.CreateDirectory(temp);
        var path = Path.Combine(dir, "nginx.conf");

        // The wildcard listener: nginx cannot bind a VIP that is not on the box yet (EADDRNOTAVAIL).
        File.WriteAllText(path, $$"""
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log stderr notice;
            events { worker_connections 1024; }
            http {
                access_log off;
            {{TempPaths(temp)}}
                server {
                    listen 80 default_server;
                    listen [::]:80 default_server;
                    location / {
                        default_type text/plain;
                        return 200 "{{box.Name}}\n";
                    }
                }
            }
            """);
        return path;
    }

    /// <summary>
    /// A backend for health checks: one nginx process (no master, so a kill leaves no worker listening) on the
    /// box's own address and <paramref name="port"/>, answering 200 at /health.
    /// </summary>
    public static string WriteBackend(LabBox box, int port)
    {
        var dir = box.Directory;
        var temp = Path.Combine(dir, $"backend-{port}-tmp");
        Directory.CreateDirectory(temp);
        var path = Path.Combine(dir, $"backend-{port}.conf");
        File.WriteAllText(path, $$"""
            master_process off;
            daemon off;
            pid {{dir}}/backend-{{port}}.pid;
            error_log stderr notice;
            events { worker_connections 64; }
            http {
                access_log off;
            {{TempPaths(temp)}}
                server {
                    listen {{box.Address4}}:{{port}};
                    location /health {
                        default_type text/plain;
                        return 200 "ok\n";
                    }
                }
            }
            """);
        return path;
    }

    /// <summary>Every temporary directory nginx may want, inside the box's directory (the defaults are outside it).</summary>
    private static string TempPaths(string temp) => string.Join("\n", new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }
        .Select(kind => $"    {kind}_temp_path {temp}/{(kind == "client_body" ? "body" : kind)};"));
}
