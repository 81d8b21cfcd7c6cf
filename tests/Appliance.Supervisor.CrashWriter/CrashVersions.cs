using System.Globalization;
using System.Text;

namespace Appliance.Supervisor.CrashWriter;

/// <summary>
/// The texts the writer cycles through: each a valid configuration that names its own number, padded with comments
/// so that a write takes long enough for a kill to land in the middle of it.
/// </summary>
public static class CrashVersions
{
    public const int Count = 4;

    public static string Text(int version)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"; version {version}\n");
        for (var line = 0; line < 2000; line++)
        {
            text.Append(CultureInfo.InvariantCulture, $"; padding {version} {line:D5} ....................................\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"[interface:eth0]\naddress = 192.0.2.11/24\n\n[vrrp:web]\ninterface = eth0\nvrid = 51\npriority = {100 + version}\nvirtual_ip = 192.0.2.10/24\n");
        text.Append(CultureInfo.InvariantCulture, $"; end of version {version}\n");
        return text.ToString();
    }
}
