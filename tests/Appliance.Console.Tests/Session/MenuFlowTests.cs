using Appliance.Config;
using Appliance.ConsoleUi.Input;
using Appliance.ConsoleUi.Session;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Control;

namespace Appliance.ConsoleUi.Tests.Session;

/// <summary>The menu's flows, with the test answering for the supervisor: what is sent, and what a person reads.</summary>
public sealed class MenuFlowTests
{
    private static readonly string Staged200 = SessionHarness.Running.Replace("priority = 100", "priority = 200", StringComparison.Ordinal);

    private static SessionHarness Connected(string running = SessionHarness.Running)
    {
        var h = new SessionHarness();
        h.Connect(running);
        return h;
    }

    [Fact]
    public void After_connecting_the_menu_and_the_choice_prompt_appear()
    {
        var h = Connected();
        Assert.Contains(" 1) Show status", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("12) Power off", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("Shell", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Choice: ", h.Prompt);
    }

    [Fact]
    public void Without_a_supervisor_nothing_is_asked_and_it_tries_again()
    {
        var h = new SessionHarness();
        h.Start();
        h.Fail("config.get", "no supervisor answers on /run/appliance/control.sock (is 'appliance run' running?)");
        Assert.Contains("Cannot reach the supervisor", h.Transcript, StringComparison.Ordinal);
        Assert.StartsWith("waiting for the supervisor", h.Prompt, StringComparison.Ordinal);
        h.Enter("1");
        Assert.False(h.HasUnanswered("status"));
        h.Advance(TimeSpan.FromSeconds(2));
        h.Answer("config.get", new ControlResponse { Ok = true, Text = SessionHarness.Running });
        h.Answer("status", new ControlResponse { Ok = true, Status = SessionHarness.Status() });

        // The "1" typed while waiting was kept and now runs.
        Assert.True(h.HasUnanswered("status"));
    }

    [Fact]
    public void Priority_through_the_menu_is_staged_reviewed_and_committed_confirmed_by_default()
    {
        var h = Connected();
        h.Enter("4");
        Assert.Contains("VRRP instance web:", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("2) priority         100", h.Transcript, StringComparison.Ordinal);
        h.Enter("2");
        Assert.Equal("priority [100]: ", h.Prompt);
        h.Enter("200");
        Assert.Contains("priority = 200", h.Transcript, StringComparison.Ordinal);
        h.Enter();
        var set = h.Answer("config.set", new ControlResponse { Ok = true, Messages = ["[vrrp:web] priority: 100 -> 200"] });
        Assert.Equal(["vrrp:web:priority=200"], set.Request.Set);
        h.AnswerPolls(staged: Staged200);
        Assert.Contains("[vrrp:web] priority: 100 -> 200", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Apply [c/n/l/d] (Enter: c): ", h.Prompt);
        h.Enter();
        var commit = h.Answer("config.commit", new ControlResponse { Ok = true, Messages = ["vrrp web: applied live"] });
        Assert.Equal(120, commit.Request.ConfirmSeconds);
        Assert.Contains("Committed. It rolls back in 120 s unless confirmed", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostname_change_defaults_to_commit_now()
    {
        var h = Connected();
        h.Enter("2");
        h.Enter("edge-b");
        Assert.Equal(["system:hostname=edge-b"], h.Answer("config.set", new ControlResponse { Ok = true }).Request.Set);
        h.AnswerPolls(staged: SessionHarness.Running.Replace("hostname = b2", "hostname = edge-b", StringComparison.Ordinal));
        Assert.Equal("Apply [c/n/l/d] (Enter: n): ", h.Prompt);
        h.Enter();
        Assert.Null(h.Answer("config.commit", new ControlResponse { Ok = true }).Request.ConfirmSeconds);
    }

    [Fact]
    public void A_value_out_of_range_is_refused_on_the_spot_with_the_loader_message_and_asked_again()
    {
        var h = Connected();
        h.Enter("4");
        h.Enter("2");
        h.Enter("300");
        Assert.Contains("[vrrp:web] priority = 300: out of range: priority must be 1-254", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("priority [100]: 300", h.Prompt);
        Assert.DoesNotContain(h.Sent, s => s.Request.Command == "config.set");
    }

    [Fact]
    public void A_bad_hostname_is_refused_with_the_RFC_reason()
    {
        var h = Connected();
        h.Enter("2");
        h.Enter("-bad-");
        Assert.Contains("a hostname cannot start or end with '-' (RFC 1123)", h.Transcript, StringComparison.Ordinal);
        Assert.StartsWith("Hostname [b2]: ", h.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_management_address_form_stages_address_and_gateway_together()
    {
        var h = Connected();
        h.Enter("3");
        Assert.Equal("eth0 address [192.0.2.12/24]: ", h.Prompt);
        h.Enter("192.0.2.13");
        Assert.Contains("'192.0.2.13' needs a prefix length, e.g. 192.0.2.13/24", h.Transcript, StringComparison.Ordinal);
        h.Press(KeyKind.KillLine);
        h.Enter("192.0.2.13/24");
        h.Enter("-");
        var set = h.Answer("config.set", new ControlResponse { Ok = true });
        Assert.Equal(["interface:eth0:address=192.0.2.13/24", "interface:eth0:gateway="], set.Request.Set);
    }

    [Fact]
    public void Keeping_every_value_stages_nothing()
    {
        var h = Connected();
        h.Enter("3");
        h.Enter();
        h.Enter();
        Assert.Contains("Nothing changed.", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Sent, s => s.Request.Command == "config.set");
        Assert.Equal("Choice: ", h.Prompt);
    }

    [Fact]
    public void Tracking_is_set_per_object()
    {
        var h = Connected();
        h.Enter("4");
        h.Enter("7");
        h.Enter("eth0");
        h.Enter("-20");
        h.Enter("7");
        h.Enter();
        h.Enter("-");
        h.Enter();
        var set = h.Answer("config.set", new ControlResponse { Ok = true });
        Assert.Equal(["vrrp:web:track:eth0=-20", "vrrp:web:track:nginx="], set.Request.Set);
    }

    [Fact]
    public void Control_C_in_a_field_goes_back_to_the_fields_and_at_the_fields_abandons_everything()
    {
        var h = Connected();
        h.Enter("4");
        h.Enter("2");
        h.Enter("120");
        h.Enter("3");
        h.Type("192.0.2.99");
        h.Press(KeyKind.Interrupt);
        Assert.StartsWith("Field [1-8", h.Prompt, StringComparison.Ordinal);
        h.Press(KeyKind.Interrupt);
        Assert.Contains("Abandoned: nothing was staged.", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Choice: ", h.Prompt);
        Assert.DoesNotContain(h.Sent, s => s.Request.Command == "config.set");
    }

    [Fact]
    public void Control_D_backs_out_of_a_question_and_logs_out_at_the_menu()
    {
        var h = Connected();
        h.Enter("2");
        h.Press(KeyKind.EndOfFile);
        Assert.Equal("Choice: ", h.Prompt);
        Assert.DoesNotContain(h.Effects, e => e is ConsoleEffect.Exit);
        h.Press(KeyKind.EndOfFile);
        Assert.Contains("Logged out.", h.Transcript, StringComparison.Ordinal);
        Assert.Contains(h.Effects, e => e is ConsoleEffect.Exit { Code: 0 });
    }

    [Fact]
    public void Garbage_overlong_input_and_control_characters_at_the_menu_do_nothing_harmful()
    {
        var h = Connected();
        var before = h.Sent.Count;
        h.Enter("xyzzy");
        Assert.Contains("'xyzzy' is not a choice", h.Transcript, StringComparison.Ordinal);
        h.Type(new string('9', 500));
        Assert.Contains("(at most 400 characters here)", h.Transcript, StringComparison.Ordinal);
        h.Press(KeyKind.KillLine);
        foreach (var rune in new[] { 0x00, 0x07, 0x1b, 0x9b, 0xe9 })
        {
            h.Press(Key.Char(rune));
        }

        Assert.Equal("Choice: ", h.Prompt);
        Assert.Equal(before, h.Sent.Count);
    }

    [Fact]
    public void Keys_typed_while_waiting_are_replayed_and_control_C_drops_them()
    {
        var h = Connected();
        h.Enter("1");
        Assert.StartsWith("asking for the status", h.Prompt, StringComparison.Ordinal);
        h.Enter("2");
        h.Answer("status", new ControlResponse { Ok = true, Status = SessionHarness.Status() });
        Assert.StartsWith("Hostname [b2]: ", h.Prompt, StringComparison.Ordinal);

        h.Press(KeyKind.Interrupt);
        h.Enter("1");
        h.Enter("2");
        h.Press(KeyKind.Interrupt);
        Assert.Contains("stopped waiting for asking for the status", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Choice: ", h.Prompt);
        h.Answer("status", new ControlResponse { Ok = true, Status = SessionHarness.Status() });
        Assert.Equal("Choice: ", h.Prompt);
    }

    [Fact]
    public void Long_output_waits_page_by_page()
    {
        var h = Connected();
        h.Enter("show log 60");
        h.Answer("log.tail", new ControlResponse { Ok = true, Text = string.Join('\n', Enumerable.Range(1, 60).Select(i => $"log line {i}")) });
        Assert.Contains("log line 1", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("log line 60", h.Transcript, StringComparison.Ordinal);
        Assert.StartsWith("-- ", h.Prompt, StringComparison.Ordinal);
        h.Type(" ");
        Assert.Contains("log line 30", h.Transcript, StringComparison.Ordinal);
        h.Type("q");
        Assert.Contains("lines not shown)", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("log line 60", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Choice: ", h.Prompt);
    }

    [Fact]
    public void A_script_on_a_pipe_gets_all_output_at_once()
    {
        var h = new SessionHarness(SessionHarness.Options(fullScreen: false, interactive: false));
        h.Connect();
        h.Enter("show log 60");
        h.Answer("log.tail", new ControlResponse { Ok = true, Text = string.Join('\n', Enumerable.Range(1, 60).Select(i => $"log line {i}")) });
        Assert.Contains("log line 60", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_reset_needs_the_hostname_typed()
    {
        var h = Connected();
        h.Enter("10");
        h.Enter("B2");
        Assert.Contains("That is not the hostname: nothing was reset.", h.Transcript, StringComparison.Ordinal);
        Assert.False(h.HasUnanswered("config.factory-reset"));
        h.Enter("10");
        h.Enter("b2");
        h.Answer("config.factory-reset", new ControlResponse { Ok = true, Messages = ["[system] hostname: b2 -> appliance"] });
        h.AnswerPolls(staged: FactoryDefaults.Text);
        Assert.Contains("[system] hostname: b2 -> appliance", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Apply [c/n/l/d] (Enter: c): ", h.Prompt);
        h.Enter("d");
        Assert.True(h.HasUnanswered("config.rollback"));
    }

    [Theory]
    [InlineData("11", "reboot")]
    [InlineData("12", "poweroff")]
    public void Reboot_and_power_off_need_yes(string choice, string command)
    {
        var h = Connected();
        h.Enter(choice);
        h.Enter("y");
        Assert.False(h.HasUnanswered(command));
        h.Enter(choice);
        h.Enter("yes");
        h.Answer(command, ControlResponse.Failure("appliance is not PID 1 here; reboot the host with its own init"));
        Assert.Contains("not PID 1", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shell_is_offered_only_when_enabled()
    {
        var h = Connected();
        h.Enter("13");
        Assert.Contains("The shell is not enabled", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Effects, e => e is ConsoleEffect.Shell);

        var enabled = Connected(SessionHarness.Running.Replace("state_dir = /run/appliance", "state_dir = /run/appliance\nshell = true", StringComparison.Ordinal));
        Assert.Contains("13) Shell", enabled.Transcript, StringComparison.Ordinal);
        enabled.Enter("13");
        Assert.Contains(enabled.Effects, e => e is ConsoleEffect.Shell);
        enabled.ShellEnded();
        Assert.Contains("(back from the shell)", enabled.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Reaching_an_address_pings_then_requests_it_over_HTTP()
    {
        var h = Connected();
        h.Enter("8");
        h.Enter("example.com");
        Assert.Contains("is not an IPv4 or IPv6 address", h.Transcript, StringComparison.Ordinal);
        h.Press(KeyKind.KillLine);
        h.Enter("192.0.2.11");
        var ping = Assert.Single(h.Effects.OfType<ConsoleEffect.Run>());
        Assert.Equal(["ping", "-c", "3", "-W", "1", "192.0.2.11"], ping.Command);
        h.ChildOutput(ping.Token, "64 bytes from 192.0.2.11: seq=0 ttl=64");
        h.ChildExit(ping.Token, "exit status 0");
        var probe = h.Effects.OfType<ConsoleEffect.Run>().Last();
        Assert.Equal(["appliance", "probe", "http://192.0.2.11/", "--count", "3", "--timeout", "1s"], probe.Command);
        Assert.Contains("64 bytes from 192.0.2.11", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_C_stops_a_running_program()
    {
        var h = Connected();
        h.Enter("ping 2001:db8::11");
        var ping = Assert.Single(h.Effects.OfType<ConsoleEffect.Run>());
        h.Press(KeyKind.Interrupt);
        Assert.Contains(h.Effects, e => e is ConsoleEffect.Stop s && s.Token == ping.Token);
        Assert.Equal("Choice: ", h.Prompt);
    }

    [Fact]
    public void A_failover_asks_how_long_to_hold_back()
    {
        var h = Connected();
        h.Enter("6");
        h.Enter("abc");
        Assert.Contains("a whole number of seconds", h.Transcript, StringComparison.Ordinal);
        h.Press(KeyKind.KillLine);
        h.Enter();
        var failover = h.Answer("failover", new ControlResponse { Ok = true, Messages = ["web handed over"] });
        Assert.Equal(("web", 300), (failover.Request.Instance, failover.Request.HoldSeconds));
        Assert.Equal(TimeSpan.FromSeconds(60), failover.Timeout);
    }

    [Fact]
    public void Nginx_reload_or_restart()
    {
        var h = Connected();
        h.Enter("5");
        h.Enter("stop");
        Assert.Contains("answer reload or restart", h.Transcript, StringComparison.Ordinal);
        h.Press(KeyKind.KillLine);
        h.Enter("restart");
        Assert.True(h.HasUnanswered("nginx.restart"));
    }
}
