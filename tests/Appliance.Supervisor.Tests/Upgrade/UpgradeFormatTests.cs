using Appliance.Supervisor.Upgrade;

namespace Appliance.Supervisor.Tests.Upgrade;

/// <summary>The formats of image/BOOT.md that the appliance writes and reads.</summary>
public sealed class UpgradeFormatTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("appliance-upgrade-");

    [Theory]
    // First 12 bytes of each copy, from BOOT.md (checked there byte for byte against `extlinux --once`).
    [InlineData(null, "a52f2d5a671704a300000000")]
    [InlineData("B", "a52f2d5a6616c2a201014200")]
    [InlineData("A", "a52f2d5a6616c3a201014100")]
    public void The_ADV_encodes_as_syslinux_writes_it(string? label, string head)
    {
        var adv = SyslinuxAdv.Encode(label);

        Assert.Equal(1024, adv.Length);
        Assert.Equal(head, Convert.ToHexStringLower(adv[..12]));
        Assert.All(adv[12..508], b => Assert.Equal(0, b));
        Assert.Equal(adv[..512], adv[512..]);
        Assert.Equal("64bf28dd", Convert.ToHexStringLower(adv[508..512]));
        Assert.True(SyslinuxAdv.TryDecodeBootOnce(adv, out var decoded));
        Assert.Equal(label, decoded);
    }

    // The image build writes the empty ADV with this same codec (tools/Appliance.ImageBuilder links the file), and any
    // label a boot loader entry may have round-trips, not just the slots.
    [Fact]
    public void A_longer_boot_once_label_decodes_to_itself()
    {
        Assert.True(SyslinuxAdv.TryDecodeBootOnce(SyslinuxAdv.Encode("rescue"), out var label));
        Assert.Equal("rescue", label);
    }

    [Fact]
    public void A_damaged_first_copy_falls_back_to_the_second_and_two_damaged_copies_are_refused()
    {
        var adv = SyslinuxAdv.Encode("B");
        adv[100] ^= 1;
        Assert.True(SyslinuxAdv.TryDecodeBootOnce(adv, out var label));
        Assert.Equal("B", label);

        adv[612] ^= 1;
        Assert.False(SyslinuxAdv.TryDecodeBootOnce(adv, out _));
    }

    [Fact]
    public void The_boot_environment_reads_and_updates_its_keys()
    {
        var path = Path.Combine(_scratch.FullName, "appliance-boot.env");
        File.WriteAllText(path, "slot=B\nconfirmed_slot=A\ntrial=yes\nroot_device=/dev/vda3\n# comment\nkernel=\"6.1.0-56-amd64\"\n");

        var boot = BootEnvironment.Read(path)!;
        Assert.Equal(("B", "A", true, "A"), (boot.Slot, boot.ConfirmedSlot, boot.Trial, boot.OtherSlot));
        Assert.Equal("6.1.0-56-amd64", boot.Values["kernel"]);

        var confirmed = boot.With(path, ("confirmed_slot", "B"), ("trial", "no"));
        Assert.False(confirmed.Trial);
        var reread = BootEnvironment.Read(path)!;
        Assert.Equal(("B", "B", false), (reread.Slot, reread.ConfirmedSlot, reread.Trial));
        Assert.Equal("/dev/vda3", reread.Values["root_device"]);
    }

    [Fact]
    public void No_boot_environment_means_no_slots()
    {
        Assert.Null(BootEnvironment.Read(Path.Combine(_scratch.FullName, "missing.env")));
    }

    [Fact]
    public void Partitions_are_found_by_their_GPT_name_in_sysfs_uevents()
    {
        var sys = Path.Combine(_scratch.FullName, "block");
        foreach (var (dev, name) in new[] { ("vda", null), ("vda1", "appliance-boot"), ("vda2", "appliance-root-A"), ("vda3", "appliance-root-B") })
        {
            Directory.CreateDirectory(Path.Combine(sys, dev));
            File.WriteAllText(Path.Combine(sys, dev, "uevent"), $"MAJOR=254\nMINOR=0\nDEVNAME={dev}\nDEVTYPE=partition\n{(name is null ? string.Empty : $"PARTNAME={name}\n")}");
        }

        Assert.Equal("/dev/vda3", Partitions.DeviceOf("appliance-root-B", sys));
        Assert.Equal("/dev/vda1", Partitions.DeviceOf("appliance-boot", sys));
        Assert.Null(Partitions.DeviceOf("appliance-root-C", sys));
        Assert.Null(Partitions.DeviceOf("appliance-root", sys)); // names match exactly, not by prefix
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}
