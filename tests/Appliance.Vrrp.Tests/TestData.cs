namespace Appliance.Vrrp.Tests;

/// <summary>Captures checked in under TestData/ (regenerate with tools/capture-keepalived-adverts.sh).</summary>
internal static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static byte[] FirstPacket(string name) =>
        Convert.FromHexString(File.ReadAllLines(PathOf(name)).First(l => l.Length > 0));
}
