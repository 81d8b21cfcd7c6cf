using Appliance.Config;
using Appliance.Supervisor.Configuration;

namespace Appliance.Supervisor.Tests.Configuration;

/// <summary>Which configuration a starting supervisor runs: never factory defaults for a broken file, never open.</summary>
public sealed class BootPolicyTests
{
    private const string Valid = """
        [system]
        hostname = edge-b

        [vrrp:web]
        interface = eth1
        vrid = 42
        priority = 200
        virtual_ip = 192.0.2.10/24

        """;

    private const string Broken = "[system\nhostname = edge-b\n";

    private static readonly ConfigEnvironment AtBoot = new() { KnownInterfaces = ["lo"], LinksMayAppear = true };

    [Fact]
    public void An_interface_that_does_not_exist_yet_is_a_wait_at_boot_not_an_error()
    {
        var decision = BootPolicy.Decide(pid1: true, Valid, null, AtBoot);

        Assert.Equal(BootChoice.File, decision.Choice);
        Assert.Equal("edge-b", decision.Config!.System.Hostname);
        Assert.Equal(42, decision.Config.Vrrp.Single().Vrid);
        Assert.Contains(decision.Diagnostics, d => !d.IsError && d.Message.Contains("eth1 does not exist yet", StringComparison.Ordinal));
    }

    [Fact]
    public void A_live_commit_still_refuses_an_interface_that_is_not_there()
    {
        var load = ApplianceConfigLoader.Load(Valid, new ConfigEnvironment { KnownInterfaces = ["lo"] });

        Assert.Null(load.Config);
        Assert.Contains(load.Errors, d => d.Message.Contains("unknown interface: eth1", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_an_empty_data_partition_gets_the_factory_defaults()
    {
        var decision = BootPolicy.Decide(pid1: true, null, null, AtBoot);

        Assert.Equal(BootChoice.FirstBoot, decision.Choice);
        Assert.Equal(FactoryDefaults.Text, decision.RunningText);
    }

    [Fact]
    public void A_broken_file_runs_the_last_good_one_and_is_kept_aside()
    {
        var decision = BootPolicy.Decide(pid1: true, Broken, Valid, AtBoot);

        Assert.Equal(BootChoice.LastGood, decision.Choice);
        Assert.Equal("edge-b", decision.Config!.System.Hostname);
        Assert.Equal(Valid, decision.RunningText);
        Assert.True(decision.KeepRejected);
        Assert.Contains("rejected", decision.Reason);
    }

    [Fact]
    public void A_broken_file_without_a_valid_last_good_is_safe_mode_with_no_VRRP_instance()
    {
        var decision = BootPolicy.Decide(pid1: true, Broken, Broken, AtBoot);

        Assert.True(decision.SafeMode);
        Assert.Empty(decision.Config!.Vrrp);
        Assert.Equal(Broken, decision.RunningText);
        Assert.True(decision.KeepRejected);
        Assert.StartsWith("SAFE MODE", decision.Reason);
        Assert.Contains("appliance.ini:1:", decision.Reason);
    }

    [Fact]
    public void A_service_refuses_a_broken_or_missing_file_instead()
    {
        Assert.Equal(BootChoice.Refuse, BootPolicy.Decide(pid1: false, Broken, Valid, AtBoot).Choice);
        Assert.Equal(BootChoice.Refuse, BootPolicy.Decide(pid1: false, null, null, AtBoot).Choice);
        Assert.Null(BootPolicy.Decide(pid1: false, Broken, null, AtBoot).Config);
    }

    [Fact]
    public void A_failed_start_is_safe_mode_with_its_reason_and_keeps_no_copy_of_a_file_that_may_be_fine()
    {
        var decision = BootPolicy.SafeModeAfter("state_dir /ro is not writable: Read-only file system", Valid);

        Assert.True(decision.SafeMode);
        Assert.Empty(decision.Config!.Vrrp);
        Assert.False(decision.KeepRejected);
        Assert.Contains("state_dir /ro is not writable", decision.Reason);
    }

    [Fact]
    public void A_control_socket_path_over_sun_path_is_an_error_with_the_reason()
    {
        var load = ApplianceConfigLoader.Load($"[system]\nstate_dir = /{new string('d', 100)}\n", ConfigEnvironment.None);

        Assert.Contains(load.Errors, d => d.Message.Contains("a unix socket path holds at most 107", StringComparison.Ordinal));
    }
}
