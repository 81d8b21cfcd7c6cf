namespace Appliance.Config.Tests.Document;

public sealed class ConfigDocumentTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("[system]\nhostname = a")]
    [InlineData("[system]\r\nhostname = a\r\n")]
    [InlineData("[system]\rhostname = a\r")]
    [InlineData("\uFEFF[system]\nhostname = a\n")]
    [InlineData("  ; comment\t\n\n\n[ system ]  \n  hostname=a  \n")]
    [InlineData("garbage line\n[unterminated\n= x\n\u0001\n")]
    public void An_unedited_document_renders_its_input_exactly(string text) =>
        Assert.Equal(text, ConfigDocument.Parse(text).ToString());

    [Fact]
    public void Factory_defaults_round_trip() =>
        Assert.Equal(FactoryDefaults.Text, ConfigDocument.Parse(FactoryDefaults.Text).ToString());

    [Fact]
    public void Get_reads_values_as_the_loader_does()
    {
        var document = ConfigDocument.Parse("[VRRP:Web]\nPriority = 150\nname = \" padded \"\n[vrrp:web]\npriority = 200\n");
        Assert.Equal("150", document.Get("vrrp:web", "priority"));
        Assert.Equal(" padded ", document.Get("vrrp:web", "NAME"));
        Assert.Null(document.Get("vrrp:web", "vrid"));
        Assert.Null(document.Get("vrrp:api", "priority"));
        Assert.Equal("150", document.Get(new ConfigKeyPath("vrrp:web", "priority")));
    }

    [Fact]
    public void Set_edits_the_value_in_place_keeping_spelling_spacing_and_comments()
    {
        var document = ConfigDocument.Parse("; head\n[vrrp:web]\n  Priority   =   150\n; tail\n");
        document.Set("vrrp:web", "priority", "200");
        Assert.Equal("; head\n[vrrp:web]\n  Priority   =   200\n; tail\n", document.ToString());
    }

    [Fact]
    public void Set_fills_an_empty_value()
    {
        var document = ConfigDocument.Parse("[vrrp:web]\nunicast_peer =\nvrid=\n");
        document.Set("vrrp:web", "unicast_peer", "192.0.2.12");
        document.Set("vrrp:web", "vrid", "51");
        Assert.Equal("[vrrp:web]\nunicast_peer = 192.0.2.12\nvrid=51\n", document.ToString());
    }

    [Fact]
    public void Set_adds_a_missing_key_after_the_last_key_of_its_section()
    {
        var document = ConfigDocument.Parse("[system]\nhostname = a\n\n; the web instance\n[vrrp:web]\nvrid = 51\n");
        document.Set("system", "shell", "true");
        Assert.Equal("[system]\nhostname = a\nshell = true\n\n; the web instance\n[vrrp:web]\nvrid = 51\n", document.ToString());
    }

    [Fact]
    public void Set_creates_a_missing_section_at_the_end()
    {
        var document = ConfigDocument.Parse("[system]\nhostname = a\n");
        document.Set("log", "level", "debug");
        Assert.Equal("[system]\nhostname = a\n\n[log]\nlevel = debug\n", document.ToString());
    }

    [Fact]
    public void Set_creates_a_track_section_right_after_its_instance()
    {
        var document = ConfigDocument.Parse("[vrrp:web]\nvrid = 51\n\n[nginx]\nenabled = true\n");
        document.Set("vrrp:web:track", "nginx", "fault");
        Assert.Equal("[vrrp:web]\nvrid = 51\n\n[vrrp:web:track]\nnginx = fault\n\n[nginx]\nenabled = true\n", document.ToString());
    }

    [Fact]
    public void Set_keeps_crlf_line_endings_and_a_missing_final_newline()
    {
        var document = ConfigDocument.Parse("[system]\r\nhostname = a");
        document.Set("system", "shell", "true");
        document.Set("log", "level", "debug");
        Assert.Equal("[system]\r\nhostname = a\r\nshell = true\r\n\r\n[log]\r\nlevel = debug", document.ToString());
    }

    [Fact]
    public void Set_on_an_empty_document_writes_a_section()
    {
        var document = ConfigDocument.Parse("");
        document.Set("system", "hostname", "edge-a");
        Assert.Equal("[system]\nhostname = edge-a\n", document.ToString());
    }

    [Theory]
    [InlineData(" padded ")]
    [InlineData("\"quoted\"")]
    [InlineData("a = b ; c")]
    [InlineData("")]
    [InlineData("\"")]
    public void Set_quotes_values_so_they_read_back_exactly(string value)
    {
        var document = ConfigDocument.Parse("[hooks]\non_master = x\n");
        document.Set("hooks", "on_master", value);
        Assert.Equal(value, document.Get("hooks", "on_master"));
        Assert.Equal(value, ConfigDocument.Parse(document.ToString()).Get("hooks", "on_master"));
    }

    [Theory]
    [InlineData("vrrp:web", "priority", "1\n2", "a value cannot contain U+000A (line break)")]
    [InlineData("vrrp:web", "prio=rity", "1", "a key name cannot contain '=', ':' or control characters")]
    [InlineData("vrrp:web", "", "1", "a key name is not empty and has no surrounding spaces")]
    [InlineData("vrrp::web", "priority", "1", "a section name is one or more ':'-separated parts, none empty, no surrounding spaces")]
    [InlineData("vrrp]web", "priority", "1", "a section name cannot contain '[', ']', '=' or control characters")]
    [InlineData("vrrp:web", ";priority", "1", "a key name cannot start with ';'")]
    public void TrySet_refuses_what_cannot_be_written_as_one_ini_line(string section, string key, string value, string error)
    {
        var document = ConfigDocument.Parse(Ini.Base);
        Assert.False(document.TrySet(section, key, value, out var why));
        Assert.Equal(error, why);
        Assert.Equal(Ini.Base, document.ToString());
        Assert.Throws<ArgumentException>(() => document.Set(section, key, value));
    }

    [Fact]
    public void Remove_deletes_the_key_line()
    {
        var document = ConfigDocument.Parse("[vrrp:web]\nvrid = 51\npriority = 150\n");
        Assert.True(document.Remove("vrrp:web", "PRIORITY"));
        Assert.False(document.Remove("vrrp:web", "priority"));
        Assert.Equal("[vrrp:web]\nvrid = 51\n", document.ToString());
    }

    [Fact]
    public void RemoveSection_takes_its_own_comments_but_leaves_the_next_sections()
    {
        var text = "[system]\nhostname = a\n\n; the api instance\n[vrrp:api]\nvrid = 52\n; inside\n\n; the log\n[log]\nlevel = debug\n";
        var document = ConfigDocument.Parse(text);
        Assert.True(document.RemoveSection("VRRP:API"));
        Assert.Equal("[system]\nhostname = a\n\n; the log\n[log]\nlevel = debug\n", document.ToString());
        Assert.False(document.RemoveSection("vrrp:api"));
    }

    [Fact]
    public void Sections_and_entries_list_the_file_in_order()
    {
        var document = ConfigDocument.Parse(Ini.Base);
        Assert.Equal(["system", "interface:eth0", "vrrp:web", "vrrp:web:track"], document.Sections);
        Assert.Equal(["interface", "vrid", "priority", "virtual_ip"], document.Entries("vrrp:web").Select(e => e.Key));
        Assert.True(document.HasSection("VRRP:WEB"));
    }

    [Fact]
    public void An_edited_document_still_loads_as_edited()
    {
        var document = ConfigDocument.Parse(FactoryDefaults.Text);
        document.Set("vrrp:web", "priority", "150");
        document.Set("vrrp:web:track", "eth0", "-20");
        var config = Ini.Valid(document.ToString());
        Assert.Equal(150, config.Vrrp[0].Priority);
        Assert.Equal(new TrackSpec("eth0", TrackAction.Weight, -20), config.Vrrp[0].Track[1]);
    }
}
