using Appliance.Config;
using Appliance.ConsoleUi.Input;
using Appliance.ConsoleUi.Session;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Control;

namespace Appliance.ConsoleUi.Tests.Session;

public sealed class PasswordAndCommitTests
{
    private static readonly string Hash = ConsolePassword.Hash("open sesame", ConsolePassword.MinIterations);
    private static readonly string Locked = SessionHarness.Running.Replace("state_dir = /run/appliance", $"state_dir = /run/appliance\nconsole_password = {Hash}", StringComparison.Ordinal);

    [Fact]
    public void The_typed_password_goes_to_the_supervisor_and_its_yes_opens_the_menu()
    {
        var h = new SessionHarness();
        h.Connect(Locked);
        Assert.Equal("Password: ", h.Prompt);
        Assert.DoesNotContain("Show status", h.Transcript, StringComparison.Ordinal);

        h.Enter("open sesame");
        var login = h.Pending("console.login");
        Assert.Equal("open sesame", login.Request.Password);
        Assert.Equal("ttyS0", login.Request.Console);
        Assert.DoesNotContain("Show status", h.Transcript, StringComparison.Ordinal);

        h.Answer("console.login", ControlResponse.Success());
        Assert.Contains(" 1) Show status", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("open sesame", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_waits_as_long_as_the_supervisor_says_and_ignores_keys_meanwhile()
    {
        var h = new SessionHarness();
        h.Connect(Locked);

        h.Enter("guess");
        h.Answer("console.login", new ControlResponse { Ok = false, Error = "wrong password", RetryAfterSeconds = 4 });
        Assert.Contains("Wrong password. Wait 4 s.", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("(wait)", h.Prompt);
        Assert.Equal(1, h.Session.FailedLogins);

        // Typed during the delay: dropped, not queued for later, and nothing is sent.
        h.Enter("open sesame");
        Assert.False(h.HasUnanswered("console.login"));
        h.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("(wait)", h.Prompt);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Password: ", h.Prompt);
        Assert.DoesNotContain("Show status", h.Transcript, StringComparison.Ordinal);

        h.LogIn("open sesame");
        Assert.Contains(" 1) Show status", h.Transcript, StringComparison.Ordinal);
        Assert.Equal(0, h.Session.FailedLogins);
    }

    [Fact]
    public void A_lock_out_earned_at_another_console_is_shown_as_such()
    {
        var h = new SessionHarness();
        h.Connect(Locked);

        h.Enter("open sesame");
        h.Answer("console.login", new ControlResponse { Ok = false, Error = "wait before the next try", RetryAfterSeconds = 30 });

        Assert.Contains("Too many wrong passwords at the consoles. Wait 30 s.", h.Transcript, StringComparison.Ordinal);
        Assert.Equal(0, h.Session.FailedLogins);
        h.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("Password: ", h.Prompt);
    }

    [Fact]
    public void Without_an_answer_from_the_supervisor_the_console_stays_locked()
    {
        var h = new SessionHarness();
        h.Connect(Locked);

        h.Enter("open sesame");
        h.Fail("console.login", "no supervisor answers");

        Assert.Contains("The password could not be checked: no supervisor answers", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Password: ", h.Prompt);
        Assert.DoesNotContain("Show status", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_password_is_staged_as_a_salted_hash_never_as_text()
    {
        var h = new SessionHarness();
        h.Connect();
        h.Enter("9");
        h.Enter("abcdefg");
        Assert.Contains("too short: at least 8 characters", h.Transcript, StringComparison.Ordinal);
        h.Enter("hunter22");
        h.Enter("hunter2");
        Assert.Contains("The two entries differ: the password is unchanged.", h.Transcript, StringComparison.Ordinal);
        Assert.False(h.HasUnanswered("config.set"));

        h.Enter("password");
        h.Enter("hunter22");
        h.Enter("hunter22");
        var set = h.Answer("config.set", new ControlResponse { Ok = true, Messages = ["[system] console_password: (not set) -> (hidden)"] });
        var assignment = Assert.Single(set.Request.Set!);
        Assert.StartsWith("system:console_password=pbkdf2-sha256$", assignment, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", assignment, StringComparison.Ordinal);
        Assert.True(ConsolePassword.Verify("hunter22", assignment["system:console_password=".Length..]));
        Assert.DoesNotContain("hunter22", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Clearing_the_password_asks_first()
    {
        var h = new SessionHarness();
        h.Connect(Locked);
        h.LogIn("open sesame");
        h.Enter("password clear");
        h.Enter("n");
        Assert.False(h.HasUnanswered("config.set"));
        h.Enter("9");
        h.Enter();
        h.Enter("y");
        Assert.Equal(["system:console_password="], h.Pending("config.set").Request.Set);
    }

    [Fact]
    public void A_long_silence_locks_the_console_when_a_password_is_set()
    {
        var h = new SessionHarness();
        h.Connect(Locked);
        h.LogIn("open sesame");
        h.Type("4");
        h.Advance(TimeSpan.FromMinutes(14));
        h.AnswerPolls(Locked);
        Assert.Equal("Choice: 4", h.Prompt);
        h.Advance(TimeSpan.FromMinutes(1.1));
        h.AnswerPolls(Locked);
        Assert.Contains("Locked after 15 minutes without input.", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Password: ", h.Prompt);
    }

    [Fact]
    public void The_header_counts_down_an_unconfirmed_commit_and_y_confirms_it()
    {
        var h = new SessionHarness();
        h.Connect(status: SessionHarness.Status(pending: new PendingCommit(97, ["[vrrp:web] priority: 100 -> 200"])));
        Assert.Contains(h.Session.ComposeFrame().Rows, r => r.Contains("UNCONFIRMED CHANGE: rolls back in 97 s", StringComparison.Ordinal));
        h.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Contains(h.Session.ComposeFrame().Rows, r => r.Contains("rolls back in 97 s", StringComparison.Ordinal));
        Assert.Contains("y) Confirm the change   r) Roll back now", h.Transcript, StringComparison.Ordinal);
        h.Enter("y");
        h.Answer("config.confirm", new ControlResponse { Ok = true, Messages = ["confirmed: the change stays"] });
        Assert.Contains("Confirmed: the new configuration stays.", h.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Session.ComposeFrame().Rows, r => r.Contains("UNCONFIRMED", StringComparison.Ordinal));

        // A status that still had the countdown, then one without: no false alarm about an expiry.
        h.Advance(TimeSpan.FromSeconds(1));
        h.AnswerPolls(status: SessionHarness.Status(pending: new PendingCommit(95, [])));
        h.Advance(TimeSpan.FromSeconds(1));
        h.AnswerPolls();
        Assert.DoesNotContain("not confirmed in time", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_commit_is_announced()
    {
        var h = new SessionHarness();
        h.Connect(status: SessionHarness.Status(pending: new PendingCommit(1, [])));
        h.Advance(TimeSpan.FromSeconds(1.5));
        h.AnswerPolls();
        Assert.Contains("The unconfirmed change was not confirmed in time: the previous configuration is back.", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Discarding_staged_changes_is_refused_while_a_commit_waits_for_confirmation()
    {
        var h = new SessionHarness();
        h.Connect(staged: SessionHarness.Running.Replace("vrid = 51", "vrid = 52", StringComparison.Ordinal),
            status: SessionHarness.Status(pending: new PendingCommit(60, [])));
        h.Enter("s");
        Assert.Contains("[vrrp:web] vrid: 51 -> 52", h.Transcript, StringComparison.Ordinal);
        h.Enter("d");
        Assert.Contains("A commit waits for confirmation", h.Transcript, StringComparison.Ordinal);
        Assert.False(h.HasUnanswered("config.rollback"));
    }

    [Fact]
    public void A_refused_commit_shows_the_supervisor_diagnostics()
    {
        var h = new SessionHarness();
        h.Connect(staged: SessionHarness.Running.Replace("priority = 100", "priority = 101", StringComparison.Ordinal));
        h.Enter("commit now");
        h.AnswerPolls(staged: SessionHarness.Running.Replace("priority = 100", "priority = 101", StringComparison.Ordinal));
        h.Answer("config.commit", ControlResponse.Failure("the staged configuration has 1 error(s); nothing was committed", ["appliance.ini:14: [vrrp:web] interface = eth9: no such interface"]));
        Assert.Contains("Commit refused: the staged configuration has 1 error(s)", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("eth9: no such interface", h.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void A_staged_configuration_with_errors_is_not_offered_for_commit()
    {
        var h = new SessionHarness();
        h.Connect(staged: SessionHarness.Running.Replace("priority = 100", "priority = 300", StringComparison.Ordinal));
        h.Enter("s");
        Assert.Contains("The staged configuration has errors; a commit would be refused:", h.Transcript, StringComparison.Ordinal);
        Assert.Contains("priority = 300: out of range", h.Transcript, StringComparison.Ordinal);
        Assert.Equal("Discard the staged changes? [y/N]: ", h.Prompt);
        h.Enter();
        Assert.Contains("Kept staged", h.Transcript, StringComparison.Ordinal);
        Assert.False(h.HasUnanswered("config.commit"));
    }

    [Fact]
    public void The_full_screen_has_the_header_a_rule_the_transcript_and_the_prompt_at_the_bottom()
    {
        var h = new SessionHarness(SessionHarness.Options(columns: 80));
        h.Connect();
        var frame = h.Session.ComposeFrame();
        Assert.Equal(24, frame.Rows.Count);
        Assert.StartsWith("b2  up 1h02m  eth0 192.0.2.12/24 gw 192.0.2.1  nginx running ok", frame.Rows[0], StringComparison.Ordinal);
        Assert.StartsWith("  web      BACKUP   vrid 51  prio 100  VIP 192.0.2.10/24", frame.Rows[1], StringComparison.Ordinal);
        Assert.Equal(new string('-', 79), frame.Rows[3]);
        Assert.Equal("Choice: ", frame.Rows[23]);
        Assert.Equal((23, 8), (frame.CursorRow, frame.CursorColumn));
        Assert.Equal((4, 22), (frame.ScrollTop, frame.ScrollBottom));
        Assert.All(frame.Rows, r => Assert.True(r.Length <= 79, r));
    }

    [Fact]
    public void A_terminal_size_report_resizes_the_screen_once()
    {
        var h = new SessionHarness();
        h.Session.ExpectCursorReport();
        h.Connect();
        h.Press(new Key(KeyKind.CursorReport, 0, 40, 132));
        Assert.Equal((132, 40), (h.Session.Columns, h.Session.Rows));
        Assert.Contains(h.Effects, e => e is ConsoleEffect.Repaint);
        h.Press(new Key(KeyKind.CursorReport, 0, 2, 2));
        Assert.Equal((132, 40), (h.Session.Columns, h.Session.Rows));
        Assert.Equal("Choice: ", h.Prompt);
    }

    [Fact]
    public void After_a_tick_the_next_deadline_is_never_in_the_past()
    {
        var h = new SessionHarness();
        h.Connect(Locked);
        void Check()
        {
            Assert.True(h.Session.NextDeadline is null || h.Session.NextDeadline > h.Now, $"deadline {h.Session.NextDeadline} at {h.Now}");
        }

        h.Advance(TimeSpan.FromSeconds(1));
        Check();
        h.Enter("wrong");
        h.Answer("console.login", new ControlResponse { Ok = false, Error = "wrong password", RetryAfterSeconds = 1 });
        h.Advance(TimeSpan.FromMilliseconds(10));
        Check();
        h.Advance(TimeSpan.FromSeconds(1));
        h.LogIn("open sesame");
        h.Enter("1");

        // Waiting for an answer long past the idle lock: nothing to do until it comes.
        h.Advance(TimeSpan.FromMinutes(20));
        Check();
        h.AnswerPolls(Locked);
        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("Password: ", h.Prompt);
        Check();
    }
}
