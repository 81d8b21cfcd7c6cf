using System.Text;
using CsCheck;

namespace Appliance.Config.Tests.Loading;

/// <summary>Whatever text arrives (a corrupted flash page, a paste gone wrong), loading and editing never throw.</summary>
public sealed class PropertyTests
{
    private static readonly string[] Headers =
    [
        "[system]", "[interface:eth0]", "[interface:eth1]", "[vrrp:web]", "[vrrp:web:track]", "[vrrp:api]", "[vrrp:api:track]",
        "[nginx]", "[hooks]", "[log]", "[vrpp:web]", "[vrrp]", "[vrrp:web", "[]", "[ system ]", "[interface:eth0/1]", "[VRRP:WEB]",
        "[vrrp:web:track:x]", "[log] ;x",
    ];

    private static readonly string[] Values =
    [
        "", "0", "1", "51", "150", "255", "256", "-20", "fault", "true", "no", "maybe", "1s", "100ms", "40.95s", "155ms", "1",
        "192.0.2.10/24", "192.0.2.11/24, 2001:db8::11/64", "2001:db8::10", "192.0.2.300", "192.0.2.10,", "eth0", "eth9",
        "/usr/sbin/nginx", "http://127.0.0.1/", "udp://192.0.2.50:514", "udp://[2001:db8::5]", "\"quoted\"", "\" spaced \"",
        "150 ; comment", "restart-first", "resign", "information", "info", "2", "3", "0x10", "1e3", "\u00e9t\u00e9", "a=b=c",
    ];

    private static readonly Gen<string> Key =
        Gen.OneOf<string>(
            Gen.OneOf(ConfigSchema.Keys.Select(k => k.Name).Concat(["nginx", "eth0", "eth1", "priorty", "x", "track:nginx", ""]).ToArray()),
            Gen.String[Gen.Char.AlphaNumeric, 1, 12]);

    private static readonly Gen<string> Line =
        Gen.Frequency<string>(
            (3, Gen.OneOf(Headers)),
            (10, Gen.Select(Key, Gen.OneOf<string>(Gen.OneOf(Values), Gen.String), Gen.OneOf(" = ", "=", "  =\t"), (k, v, eq) => k + eq + v)),
            (2, Gen.OneOf("", "   ", "; comment", "# comment", "/ comment", "garbage", "= x", "\u0007", "\uFFFD", "\uFEFF[system]")),
            (1, Gen.String));

    private static readonly Gen<string> IniText =
        Gen.Select(Line.Array[0, 40], Gen.OneOf("\n", "\r\n", "\r").Array[40], Gen.Bool, (lines, ends, final) =>
        {
            var text = new StringBuilder();
            for (var i = 0; i < lines.Length; i++)
            {
                text.Append(lines[i]);
                if (i < lines.Length - 1 || final)
                {
                    text.Append(ends[i]);
                }
            }

            return text.ToString();
        });

    private static void AssertSane(string text, ConfigLoadResult result)
    {
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("internal error", StringComparison.Ordinal));
        Assert.Equal(result.HasErrors, result.Config is null);
        var lines = Math.Max(1, ConfigDocument.Parse(text).ToString().Length == 0 ? 1 : CountLines(text));
        Assert.All(result.Diagnostics, d => Assert.True(d.Line is null || (d.Line >= 1 && d.Line <= lines), $"line {d.Line} of {lines}: {d}"));
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
    }

    private static int CountLines(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count + (text.Length > 0 && text[^1] is not ('\n' or '\r') ? 1 : 0);
    }

    [Fact]
    public void Load_never_throws_on_random_text() =>
        Gen.String.Sample(text => AssertSane(text, ApplianceConfigLoader.Load(text)), iter: 3000);

    [Fact]
    public void Load_never_throws_on_random_bytes() =>
        Gen.Byte.Array[0, 2000].Sample(bytes =>
        {
            var text = Encoding.UTF8.GetString(bytes);
            AssertSane(text, ApplianceConfigLoader.Load(text));
        }, iter: 2000);

    [Fact]
    public void Load_never_throws_on_ini_shaped_text() =>
        IniText.Sample(text => AssertSane(text, ApplianceConfigLoader.Load(text, new ConfigEnvironment { KnownInterfaces = ["eth0", "eth2"] })), iter: 5000);

    [Fact]
    public void A_document_renders_any_text_unchanged() =>
        Gen.OneOf<string>(Gen.String, IniText).Sample(text => Assert.Equal(text, ConfigDocument.Parse(text).ToString()), iter: 5000);

    [Fact]
    public void A_text_compared_with_itself_has_no_changes() =>
        IniText.Sample(text => Assert.Empty(ConfigDiff.Compute(text, text)), iter: 2000);

    [Fact]
    public void A_value_set_in_a_document_is_what_the_ini_provider_reads() =>
        Gen.String[Gen.OneOf<char>(Gen.Char[' ', '~'], Gen.Char['\u00a0', '\u00ff'], Gen.Char['\u2000', '\u2030']), 0, 40].Sample(value =>
        {
            var document = ConfigDocument.Parse("[hooks]\n; comment\non_master = /bin/true\n");
            document.Set("hooks", "on_master", value);
            document.Set("hooks", "on_backup", value);
            var raw = RawBinding.Bind(document.ToString());
            Assert.Equal(value, raw.Hooks.OnMaster);
            Assert.Equal(value, raw.Hooks.OnBackup);
            Assert.Equal(value, document.Get("hooks", "on_master"));
        }, iter: 3000);

    [Fact]
    public void Edits_touch_only_the_edited_line() =>
        Gen.Select(IniText, Gen.OneOf(Values)).Sample(t =>
        {
            var (text, value) = t;
            var document = ConfigDocument.Parse(text);
            var before = document.ToString().Split('\n');
            document.Set("nginx", "health_failures", value);
            Assert.Equal(value, document.Get("nginx", "health_failures"));
            var after = ConfigDocument.Parse(document.ToString());
            Assert.Equal(value, after.Get("nginx", "health_failures"));
            Assert.True(document.ToString().Split('\n').Length - before.Length <= 3);
        }, iter: 2000);
}
