namespace Appliance.Linux.Tests;

/// <summary>The hex captures under TestData/ ("NAME HEX" per line), see TestData/README.md.</summary>
internal static class Captures
{
    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> IpRequestsLazy = new(() => Load("ip-requests.txt"));
    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> KernelMessagesLazy = new(() => Load("kernel-messages.txt"));

    /// <summary>Requests iproute2 sent.</summary>
    public static IReadOnlyDictionary<string, byte[]> IpRequests => IpRequestsLazy.Value;

    /// <summary>Messages the kernel sent.</summary>
    public static IReadOnlyDictionary<string, byte[]> KernelMessages => KernelMessagesLazy.Value;

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static IReadOnlyDictionary<string, byte[]> Load(string file) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", file))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => Convert.FromHexString(parts[1].Trim()));
}
