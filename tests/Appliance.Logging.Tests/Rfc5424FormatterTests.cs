using System.Text;
using Appliance.Logging.Syslog;
using Appliance.Logging.Tests.Support;
using Serilog.Events;

namespace Appliance.Logging.Tests;

public sealed class Rfc5424FormatterTests
{
    private static string Format(LogEvent logEvent, string? hostname = "edge-a", string? appName = "appliance", SyslogFacility facility = SyslogFacility.Daemon, int limit = 8192)
    {
        var formatter = new Rfc5424Formatter(facility, hostname, appName, "4242");
        var buffer = new byte[limit];
        int length = formatter.Encode(logEvent, buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static byte[] FormatBytes(LogEvent logEvent, int limit, string hostname = "edge-a", string appName = "appliance", string procId = "4242")
    {
        var formatter = new Rfc5424Formatter(SyslogFacility.Daemon, hostname, appName, procId);
        var buffer = new byte[limit];
        return buffer[..formatter.Encode(logEvent, buffer)];
    }

    public static TheoryData<string, LogEvent, string?, string?, string> Golden => new()
    {
        {
            "state change with its properties as structured data",
            Events.StateChange(), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 VirtualRouter [appliance@32473 Instance=\"web\" From=\"backup\" To=\"master\" Reason=\"master down timer expired\"] web backup -> master: master down timer expired"
        },
        {
            "no properties: NILVALUE for MSGID and STRUCTURED-DATA",
            Events.Create("nginx started"), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 - - nginx started"
        },
        {
            "positive offset",
            Events.Create("tick", timestamp: new DateTimeOffset(2025, 1, 2, 4, 4, 5, TimeSpan.FromHours(1)).AddTicks(1_234_567)), "edge-a", "appliance",
            "<30>1 2025-01-02T04:04:05.123456+01:00 edge-a appliance 4242 - - tick"
        },
        {
            "negative offset with minutes; 100 ns ticks are cut to microseconds",
            Events.Create("tick", timestamp: new DateTimeOffset(2025, 1, 1, 21, 34, 5, new TimeSpan(-5, -30, 0)).AddTicks(9)), "edge-a", "appliance",
            "<30>1 2025-01-01T21:34:05.000000-05:30 edge-a appliance 4242 - - tick"
        },
        {
            "'\"', '\\' and ']' escaped in PARAM-VALUE",
            Events.Create("child exited", [("Reason", "a \"quoted\" \\ back]slash")]), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 - [appliance@32473 Reason=\"a \\\"quoted\\\" \\\\ back\\]slash\"] child exited"
        },
        {
            "non-ASCII message: MSG-UTF8 with BOM",
            Events.Create("Überlast auf {Interface} – 100 %", [("Interface", "eth0")]), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 - [appliance@32473 Interface=\"eth0\"] \uFEFFÜberlast auf eth0 – 100 %"
        },
        {
            "scalars rendered invariantly",
            Events.Create("vrid {Vrid}", [("Vrid", 51), ("Preempt", true), ("Delay", TimeSpan.FromMilliseconds(1500)), ("Ratio", 0.5), ("Missing", null)]), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 - [appliance@32473 Vrid=\"51\" Preempt=\"true\" Delay=\"00:00:01.5000000\" Ratio=\"0.5\" Missing=\"\"] vrid 51"
        },
        {
            "Microsoft.Extensions.Logging EventId names the MSGID and leaves the SD",
            Events.Create("changed", [("EventId", new StructureValue([new("Id", new ScalarValue(12)), new("Name", new ScalarValue("StateChange"))])), ("SourceContext", "Appliance.Vrrp.VirtualRouter")]), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 StateChange [appliance@32473 SourceContext=\"Appliance.Vrrp.VirtualRouter\"] changed"
        },
        {
            "numeric EventId",
            Events.Create("changed", [("EventId", 7)]), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 7 - changed"
        },
        {
            "hostile property names sanitised to SD-NAME",
            Events.Create("x", [("a=b c]d\"e", "1"), ("ключ", "2"), (new string('n', 40), "3")]), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 - [appliance@32473 a_b_c_d_e=\"1\" ____=\"2\" " + new string('n', 32) + "=\"3\"] x"
        },
        {
            "exception follows the sentence",
            Events.Create("probe failed", exception: new IOException("connection reset")), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 - - probe failed\nSystem.IO.IOException: connection reset"
        },
        {
            "header fields outside PRINTUSASCII; empty APP-NAME is NILVALUE",
            Events.Create("x"), "edge a é", "",
            "<30>1 2025-01-02T03:04:05.123456Z edge_a__ - 4242 - - x"
        },
        {
            "empty sentence: no SP MSG",
            Events.Create("", [("Vrid", 51)]), "edge-a", "appliance",
            "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance 4242 - [appliance@32473 Vrid=\"51\"]"
        },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Formats_golden_messages(string why, LogEvent logEvent, string? hostname, string? appName, string expected)
    {
        Assert.True(expected == Format(logEvent, hostname, appName), why);
        Rfc5424Message.Parse(Encoding.UTF8.GetBytes(expected));
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, SyslogFacility.Daemon, 31)]
    [InlineData(LogEventLevel.Debug, SyslogFacility.Daemon, 31)]
    [InlineData(LogEventLevel.Information, SyslogFacility.Daemon, 30)]
    [InlineData(LogEventLevel.Warning, SyslogFacility.Daemon, 28)]
    [InlineData(LogEventLevel.Error, SyslogFacility.Daemon, 27)]
    [InlineData(LogEventLevel.Fatal, SyslogFacility.Daemon, 26)]
    [InlineData(LogEventLevel.Fatal, SyslogFacility.Kern, 2)]
    [InlineData(LogEventLevel.Verbose, SyslogFacility.Local7, 191)]
    [InlineData(LogEventLevel.Information, SyslogFacility.Local0, 134)]
    public void Pri_is_facility_times_eight_plus_mapped_severity(LogEventLevel level, SyslogFacility facility, int pri)
    {
        var message = Format(Events.Create("x", level: level), facility: facility);
        Assert.StartsWith($"<{pri}>1 ", message);
    }

    [Fact]
    public void Header_fields_are_cut_to_their_RFC_lengths()
    {
        var bytes = FormatBytes(
            Events.Create("x", [("SourceContext", "Appliance." + new string('X', 40))]),
            8192,
            hostname: new string('h', 300),
            appName: new string('a', 60),
            procId: new string('p', 200));
        var message = Rfc5424Message.Parse(bytes);
        Assert.Equal(new string('h', 255), message.Hostname);
        Assert.Equal(new string('a', 48), message.AppName);
        Assert.Equal(new string('p', 128), message.ProcId);
        Assert.Equal(new string('X', 32), message.MsgId);
    }

    [Fact]
    public void A_long_value_is_cut_at_256_bytes_on_a_character_boundary()
    {
        var message = Rfc5424Message.Parse(FormatBytes(Events.Create("x", [("Ascii", new string('v', 300)), ("Accents", new string('é', 200)), ("Quotes", new string('"', 300))]), 8192));
        var parameters = message.Parameters(Rfc5424Formatter.StructuredDataId);
        Assert.Equal(new string('v', 256), parameters[0].Value);
        Assert.Equal(new string('é', 128), parameters[1].Value);
        // Cut before escaping: 256 quotes arrive, sent as 512 bytes.
        Assert.Equal(new string('"', 256), parameters[2].Value);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(8192)]
    public void A_long_message_is_cut_at_the_limit_between_characters(int limit)
    {
        var bytes = FormatBytes(Events.Create(new string('€', 5000)), limit);
        Assert.InRange(bytes.Length, limit - 2, limit);
        var message = Rfc5424Message.Parse(bytes);
        Assert.True(message.HasBom);
        Assert.Equal(new string('€', message.Msg!.Length), message.Msg);
        Assert.True(message.Msg.Length > (limit - 100) / 3);
    }

    [Fact]
    public void Structured_data_yields_to_the_sentence_when_properties_do_not_fit()
    {
        var properties = Enumerable.Range(0, 40).Select(i => ($"P{i}", (object?)new string('v', 250))).ToArray();
        var bytes = FormatBytes(Events.Create("the sentence survives", properties), 2048);
        Assert.True(bytes.Length <= 2048);
        var message = Rfc5424Message.Parse(bytes);
        Assert.Equal("the sentence survives", message.Msg);
        var kept = message.Parameters(Rfc5424Formatter.StructuredDataId);
        Assert.InRange(kept.Count, 1, 39);
        Assert.Equal(properties.Take(kept.Count).Select(p => p.Item1), kept.Select(p => p.Name));
    }

    [Fact]
    public void A_destination_below_the_minimum_is_a_caller_bug()
    {
        var formatter = new Rfc5424Formatter(SyslogFacility.Daemon, "edge-a", "appliance", "1");
        Assert.Throws<ArgumentException>(() => formatter.Encode(Events.Create("x"), new byte[Rfc5424Formatter.MinimumMessageBytes - 1]));
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters()
    {
        var message = Rfc5424Message.Parse(FormatBytes(Events.Create("bad \ud800 text", [("V", "x\udc00y")]), 2048));
        Assert.Equal("bad \uFFFD text", message.Msg);
        Assert.Equal("x\uFFFDy", message.Parameters(Rfc5424Formatter.StructuredDataId)[0].Value);
    }
}
