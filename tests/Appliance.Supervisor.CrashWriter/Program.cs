using System.Globalization;
using System.Runtime.Versioning;
using Appliance.Supervisor.Configuration;

namespace Appliance.Supervisor.CrashWriter;

/// <summary>Usage: CrashWriter PATH [SECONDS]. Prints "ready" after the first complete write, stops by itself after SECONDS.</summary>
[SupportedOSPlatform("linux")]
internal static class Program
{
    private static int Main(string[] args)
    {
        var store = new ConfigStore(args[0]);
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        for (var i = 1; DateTime.UtcNow < deadline; i++)
        {
            store.WriteAtomic(CrashVersions.Text(i % CrashVersions.Count));
            if (i == 1)
            {
                Console.Out.WriteLine("ready");
                Console.Out.Flush();
            }
        }

        return 0;
    }
}
