using Appliance.Config;
using Appliance.ConsoleUi.Input;
using Appliance.ConsoleUi.Session;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Control;

namespace Appliance.ConsoleUi.Tests.Session;

public sealed class CommandLineTests
{
    private static SessionHarness CommandLine()
    {
        var h = new SessionHarness();
        h.Connect();
        h.Enter("c");
        Assert.Equal("b2> ", h.Prompt);
        return h;
    }

    [Theory]
    [InlineData("set vrrp web priority 200", "vrrp:web:priority=200")]
    [InlineData("set vrrp:web:priority 200", "vrrp:web:priority=200")]
    [InlineData("set system hostname edge-b", "system:hostname=edge-b")]
    [InlineData("set interface eth0 address 192.0.2.12/24, 2001:db8::12/64", "interface:eth0:address=192.0.2.12/24, 2001:db8::12/64")]
    [InlineData("set vrrp web track nginx fault", "vrrp:web:track:nginx=fault")]
    [InlineData("se vr web preempt false", "vrrp:web:preempt=false")]
    [InlineData("delete vrrp web track nginx", "vrrp:web:track:nginx=")]
    [InlineData("set hooks on_master /usr/local/bin/notify  --state master", "hooks:on_master=/usr/local/bin/notify  --state master")]
    public void Set_and_delete_stage_one_key(string line, string wire)
    {
        var h = CommandLine();
        h.Enter(line);
        Assert.Equal([wire], h.Answer("config.set", new ControlResponse { Ok = true, Messages = ["diff"] }).Request.Set);
        h.AnswerPolls();
        Assert.False(h.HasUnanswered("config.commit"));
        Assert.Equal("b2> ", h.Prompt);
    }

    [Theory]
    [InlineData("set vrrp web prio 5", "unknown key: did you mean 'priority'?")]
    [InlineData("set vrrp web priority 0", "out of range")]
    [InlineData("set vrrp web priority", "a value is needed: set vrrp web priority VALUE")]
    [InlineData("set vrrp", "which instance?")]
    [InlineData("set routing table 5", "unknown section 'routing'")]
    [InlineData("delete vrrp web priority 5", "delete takes no value")]
    [InlineData("set system hostname a.b", "no dots")]
    [InlineData("frobnicate", "unknown command 'frobnicate'")]
    [InlineData("co", "'co' could be commit, confirm")]
    [InlineData("show everything", "unknown thing to show 'everything'")]
    [InlineData("commit confirmed 5", "commit confirmed SECONDS: 10-3600")]
    [InlineData("reboot now", "reboot takes no arguments")]
    public void Mistakes_are_explained_and_nothing_is_staged(string line, string message)
    {
        var h = CommandLine();
        h.Enter(line);
        Assert.Contains(message, h.Transcript, StringComparison.Ordinal);
        Assert.False(h.HasUnanswered("config.set"));
        Assert.False(h.HasUnanswered("config.commit"));
    }

    [Fact]
    public void Commit_defaults_to_confirmed_for_VRRP_changes_and_now_skips_it()
    {
        var staged = SessionHarness.Running.Replace("priority = 100", "priority = 200", StringComparison.Ordinal);
        var h = CommandLine();
        h.Enter("commit");
        h.AnswerPolls(staged: staged);
        Assert.Contains("(commit confirmed 120: the default for address and VRRP changes", h.Transcript, StringComparison.Ordinal);
        Assert.Equal(120, h.Answer("config.commit", new ControlResponse { Ok = true }).Request.ConfirmSeconds);

        h.Enter("commit now");
        h.AnswerPolls(staged: staged);
        Assert.Null(h.Answer("config.commit", new ControlResponse { Ok = true }).Request.ConfirmSeconds);

        h.Enter("commit confirmed 30");
        h.AnswerPolls(staged: staged);
        Assert.Equal(30, h.Answer("config.commit", new ControlResponse { Ok = true }).Request.ConfirmSeconds);
    }

    [Fact]
    public void Commit_with_nothing_staged_says_so()
    {
        var h = CommandLine();
        h.Enter("commit");
        h.AnswerPolls();
        Assert.Contains("Nothing is staged.", h.Transcript, StringComparison.Ordinal);
        Assert.False(h.HasUnanswered("config.commit"));
    }

    [Fact]
    public void Confirm_and_rollback_are_sent_as_they_are()
    {
        var h = CommandLine();
        h.Enter("confirm");
        h.Answer("config.confirm", ControlResponse.Failure("no commit is waiting for confirmation"));
        Assert.Contains("Not confirmed: no commit is waiting for confirmation", h.Transcript, StringComparison.Ordinal);
        h.Enter("rollback");
        h.Answer("config.rollback", new ControlResponse { Ok = true, Messages = ["staged changes discarded"] });
        Assert.Contains("Staged changes discarded.", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_config_hides_the_password_hash()
    {
        var hash = ConsolePassword.Hash("pw123456", ConsolePassword.MinIterations);
        var running = SessionHarness.Running.Replace("state_dir = /run/appliance", $"state_dir = /run/appliance\nconsole_password = {hash}", StringComparison.Ordinal);
        var h = new SessionHarness(SessionHarness.Options(interactive: false));
        h.Connect(running);
        h.AnswerPolls(running);
        h.LogIn("pw123456");
        h.Enter("show config");
        h.AnswerPolls(running);
        Assert.Contains("console_password = (hidden)", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, h.Transcript, StringComparison.Ordinal);
        Assert.Contains("vrid = 51", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_explains_a_key_from_the_schema()
    {
        var h = CommandLine();
        h.Enter("help priority");
        Assert.Contains("[vrrp:NAME] priority: Election priority; the highest wins.", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("range: 1-254; 255 only for the address owner", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("default: 100; takes effect: at once", h.Transcript, StringComparison.Ordinal);
        h.Enter("help vrrp");
        Assert.Contains("[vrrp:NAME] advert_interval:", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Menu_goes_back_and_exit_logs_out()
    {
        var h = CommandLine();
        h.Enter("menu");
        Assert.Equal("Choice: ", h.Prompt);
        h.Enter("exit");
        Assert.Contains(h.Effects, e => e is ConsoleEffect.Exit);
    }

    [Fact]
    public void Terminal_plain_switches_the_renderer()
    {
        var h = CommandLine();
        h.Enter("terminal plain");
        Assert.Contains(h.Effects, e => e is ConsoleEffect.SwitchMode { FullScreen: false });
        Assert.False(h.Session.FullScreen);
    }

    [Theory]
    [InlineData("set vrrp w", "set vrrp web ")]
    [InlineData("set vrrp web pri", "set vrrp web priority ")]
    [InlineData("set vrrp web preempt t", "set vrrp web preempt true ")]
    [InlineData("set vrrp web track ng", "set vrrp web track nginx ")]
    [InlineData("set vrrp web track nginx f", "set vrrp web track nginx fault ")]
    [InlineData("set int", "set interface ")]
    [InlineData("set interface e", "set interface eth0 ")]
    [InlineData("set system hos", "set system hostname ")]
    [InlineData("sh", "sh")]
    [InlineData("show st", "show status ")]
    [InlineData("commit co", "commit confirmed ")]
    [InlineData("failover w", "failover web ")]
    public void Tab_completes_from_the_grammar_and_the_configuration(string typed, string expected)
    {
        var h = CommandLine();
        h.Type(typed);
        h.Press(KeyKind.Tab);
        Assert.Equal("b2> " + expected, h.Prompt);
    }

    [Fact]
    public void Tab_lists_when_the_word_is_ambiguous()
    {
        var h = CommandLine();
        h.Type("s");
        h.Press(KeyKind.Tab);
        Assert.Contains("show", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("shell", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("set", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void History_brings_back_the_last_command()
    {
        var h = CommandLine();
        h.Enter("show status");
        h.Answer("status", new ControlResponse { Ok = true, Status = SessionHarness.Status() });
        h.Press(KeyKind.Up);
        Assert.Equal("b2> show status", h.Prompt);
    }
}
