namespace Appliance.Config.Tests.Document;

public sealed class KeyPathAndDiffTests
{
    [Theory]
    [InlineData("vrrp:web:priority", "vrrp:web", "priority")]
    [InlineData("system:hostname", "system", "hostname")]
    [InlineData("vrrp:web:track:nginx", "vrrp:web:track", "nginx")]
    [InlineData("  interface:eth0:address ", "interface:eth0", "address")]
    public void A_key_path_is_the_section_then_the_key(string text, string section, string key)
    {
        Assert.True(ConfigKeyPath.TryParse(text, out var path));
        Assert.Equal(new ConfigKeyPath(section, key), path);
        Assert.Equal(text.Trim(), path.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("priority")]
    [InlineData("vrrp:web:")]
    [InlineData(":priority")]
    [InlineData("vrrp::priority")]
    [InlineData("vrrp:web:prio rity=1")]
    public void A_malformed_key_path_is_refused_with_a_reason(string? text)
    {
        Assert.False(ConfigKeyPath.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_changed_value_reads_old_arrow_new()
    {
        var changes = ConfigDiff.Compute(Ini.Base, Ini.With("vrrp:web", "priority", "200"));
        var change = Assert.Single(changes);
        Assert.Equal("[vrrp:web] priority: 150 -> 200", change.ToString());
        Assert.Equal(new ConfigChange(ConfigChangeKind.KeyChanged, "vrrp:web", "priority", "150", "200"), change);
    }

    [Fact]
    public void Added_and_removed_keys_and_sections_are_listed()
    {
        var after = Ini.With(Ini.Base, ("vrrp:web", "unicast_peer", "192.0.2.12"), ("log", "level", "debug"));
        after = Ini.With("vrrp:web", "priority", null, after);
        var document = ConfigDocument.Parse(after);
        document.RemoveSection("vrrp:web:track");
        Assert.Equal(
            [
                "[vrrp:web] unicast_peer: (not set) -> 192.0.2.12",
                "[vrrp:web] priority: 150 -> (not set)",
                "[log]: section added",
                "[log] level: (not set) -> debug",
                "[vrrp:web:track]: section removed",
                "[vrrp:web:track] nginx: fault -> (not set)",
            ],
            ConfigDiff.Compute(Ini.Base, document.ToString()).Select(c => c.ToString()));
    }

    [Fact]
    public void Spelling_comments_and_order_are_not_changes()
    {
        var after = "; comment\n" + Ini.Base.Replace("[vrrp:web]", "[VRRP:web]").Replace("priority = 150", "Priority=150");
        Assert.Empty(ConfigDiff.Compute(Ini.Base, after));
    }

    [Fact]
    public void Password_hashes_are_hidden_in_a_diff()
    {
        var change = Assert.Single(ConfigDiff.Compute(Ini.Base, Ini.With("system", "console_password", "pbkdf2-sha256$600000$c2FsdHNhbHQ=$aGFzaA==")));
        Assert.Equal("[system] console_password: (not set) -> (hidden)", change.ToString());
    }

    [Fact]
    public void Empty_values_are_shown_as_quotes()
    {
        var change = Assert.Single(ConfigDiff.Compute("[hooks]\non_master = /bin/x\n", "[hooks]\non_master =\n"));
        Assert.Equal("[hooks] on_master: /bin/x -> \"\"", change.ToString());
    }
}
