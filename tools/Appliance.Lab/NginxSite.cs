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

        // The wildcard listener: nginx cannot bind a VIP that is not on the box yet (PLATFORM.md).
        File.WriteAllText(path, $$"""
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log stderr notice;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
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
}
