using System.Globalization;
using Appliance.ConsoleUi.Edge;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance console [--tty DEVICE] [--socket PATH | --config PATH] [--plain] [--size COLSxROWS]</c>: the menu and
/// command line for a person at a serial terminal. The supervisor runs it with --tty on the console device.
/// </summary>
internal static class ConsoleVerb
{
    public static Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--plain" });
        var device = options.Value("--tty");
        var plain = options.Flag("--plain");
        var size = options.Value("--size") is { } text ? ParseSize(text) : ((int, int)?)null;
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        if (options.Positional.Count > 0)
        {
            throw new UsageException($"unexpected '{options.Positional[0]}'");
        }

        return Task.FromResult(ConsoleHost.Run(new ConsoleHostOptions
        {
            SocketPath = socket,
            Device = device,
            Plain = plain,
            Size = size,
            Term = Environment.GetEnvironmentVariable("TERM"),
        }));
    }

    private static (int, int) ParseSize(string text)
    {
        var parts = text.Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns is >= 40 and <= 500
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows is >= 12 and <= 200)
        {
            return (columns, rows);
        }

        throw new UsageException($"--size {text}: COLUMNSxROWS, e.g. 80x24 (40-500 x 12-200)");
    }
}
