namespace Appliance.Config.Tests;

/// <summary>Test configurations: a small valid base that each test changes with <see cref="ConfigDocument"/>.</summary>
internal static class Ini
{
    public const string Base = """
        [system]
        hostname = edge-a

        [interface:eth0]
        address = 192.0.2.11/24, 2001:db8::11/64
        gateway = 192.0.2.1
        manage = true

        [vrrp:web]
        interface = eth0
        vrid = 51
        priority = 150
        virtual_ip = 192.0.2.10/24

        [vrrp:web:track]
        nginx = fault

        """;

    /// <summary>The base with one key set (or, with a null value, removed).</summary>
    public static string With(string section, string key, string? value, string text = Base)
    {
        var document = ConfigDocument.Parse(text);
        if (value is null)
        {
            document.Remove(section, key);
        }
        else
        {
            document.Set(section, key, value);
        }

        return document.ToString();
    }

    public static string With(string text, params (string Section, string Key, string Value)[] edits)
    {
        var document = ConfigDocument.Parse(text);
        foreach (var (section, key, value) in edits)
        {
            document.Set(section, key, value);
        }

        return document.ToString();
    }

    public static ConfigLoadResult Load(string text, params string[] knownInterfaces) =>
        ApplianceConfigLoader.Load(text, knownInterfaces.Length == 0 ? null : new ConfigEnvironment { KnownInterfaces = knownInterfaces });

    public static ApplianceConfig Valid(string text, params string[] knownInterfaces)
    {
        var result = Load(text, knownInterfaces);
        Assert.False(result.HasErrors, result.Format());
        return result.Config!;
    }

    /// <summary>The single diagnostic whose message contains <paramref name="fragment"/>; fails listing all of them otherwise.</summary>
    public static ConfigDiagnostic Single(ConfigLoadResult result, string fragment)
    {
        var matches = result.Diagnostics.Where(d => d.Message.Contains(fragment, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one diagnostic containing \"{fragment}\", got {matches.Count}:\n{result.Format()}");
        return matches[0];
    }
}
