using System.Text.Json.Nodes;
using Appliance.Image.Tests.Infrastructure;
using Appliance.Supervisor.Upgrade;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>
/// Hostile update bundles against the real binary on a booted VM (slot A running): each is refused by `appliance
/// upgrade --check` and by `appliance upgrade`, with its one-line reason, and both slots and the boot partition are
/// byte-identical afterwards. The bundles are made from the built one on the host.
/// </summary>
[Collection("image")]
public sealed class BundleRefusalTests(ImageFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    // Verifying reads and hashes the whole bundle (18 MiB) under emulation.
    private static readonly TimeSpan Verify = TimeSpan.FromSeconds(120);

    // The boot partition and both root slots; the data partition (logs) may change.
    private const string HashSlots = "busybox sha256sum /dev/vda1 /dev/vda2 /dev/vda3";

    private readonly Scratch _scratch = new("refusals");
    private QemuVm? _vm;

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task Every_hostile_bundle_is_refused_by_check_and_by_upgrade_and_leaves_both_slots_untouched()
    {
        var image = fixture.Image;
        var hostile = Hostile(image.Update, image.SigningKey);
        var usb = BundleDisk.Create(_scratch, [.. hostile.Keys.Select(n => _scratch.Path(n))]);
        var disk = DiskImage.Prepare(image, _scratch, "box", new BoxIni { Hostname = "box" }.ToString());
        _vm = new QemuVm(new QemuOptions { Disk = disk, ExtraDrive = usb }, "box");
        await _vm.WaitForReadyAsync("box", BootTests.Bound);
        var shell = await SerialShell.OpenAsync(_vm, Step);
        await shell.CheckAsync(BundleDisk.MountCommand, Step);
        var before = await shell.CheckAsync(HashSlots, Verify);

        foreach (var (name, reason) in hostile)
        {
            var bundle = $"{BundleDisk.MountPoint}/{name}";
            foreach (var command in new[] { $"appliance upgrade --check {bundle}", $"appliance upgrade --no-reboot {bundle}" })
            {
                var result = await shell.RunAsync(command, Verify);
                output.WriteLine($"$ {command} -> {result.ExitCode}\n{result.Output.Trim()}");
                Assert.True(result.ExitCode != 0, $"`{command}` was accepted:\n{result.Output}");
                var refusal = Assert.Single(result.Lines, l => l.StartsWith("appliance upgrade: ", StringComparison.Ordinal));
                Assert.StartsWith(command.Contains("--check", StringComparison.Ordinal) ? "appliance upgrade: refused: " : "appliance upgrade: upgrade failed, nothing changes at the next boot: ", refusal, StringComparison.Ordinal);
                Assert.Matches(reason, refusal);
            }
        }

        // The downgrade is refused only as a downgrade: with --allow-downgrade the same bundle passes --check.
        var allowed = await shell.RunAsync($"appliance upgrade --check --allow-downgrade {BundleDisk.MountPoint}/downgrade.tar", Verify);
        output.WriteLine(allowed.Output);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("this box would accept the bundle (nothing was changed)", allowed.Output, StringComparison.Ordinal);

        Assert.Equal(before, await shell.CheckAsync(HashSlots, Verify));
        Assert.Equal(new BootState("A", "A", false), await shell.BootStateAsync(Step));
    }

    public void Dispose()
    {
        output.DisposeWithTranscripts(_vm);
        _scratch.Dispose();
    }

    /// <summary>File name → the refusal it must get (a regular expression on the "appliance upgrade: ..." line).</summary>
    private Dictionary<string, string> Hostile(string built, string key)
    {
        var stranger = BundleSignature.NewPrivateKeyPem();
        var bundles = new Dictionary<string, string>(StringComparer.Ordinal);
        void Make(string name, string reason, string? signWith, Action<Dictionary<string, byte[]>>? change = null, Action<JsonNode>? edit = null, bool recompute = true)
        {
            var members = UpdateBundle.Read(built);
            change?.Invoke(members);
            UpdateBundle.Write(_scratch.Path(name), members, signWith, edit, recompute);
            bundles[name] = reason;
        }

        Make("unsigned.tar", "the bundle is not signed", null, m => { m.Remove(BundleSignature.SignatureName); m.Remove(BundleSignature.SignerName); });
        Make("stranger.tar", "unknown key: the bundle is signed by sha256:[0-9a-f]{64}, which this image does not trust", stranger);
        Make("tampered-resummed.tar", "bad signature", null, m => m["vmlinuz"][4096] ^= 0x5A);
        Make("tampered.tar", "rootfs.squashfs: sha256 [0-9a-f]{64} does not match the signed manifest's", null, m => m["rootfs.squashfs"][8192] ^= 0x5A, recompute: false);
        Make("traversal.tar", @"vmlinuz: target 'boot:/\.\./data/etc/appliance/appliance\.ini' is not one of slot B's files", key, edit: m => Target(m, "vmlinuz", "boot:/../data/etc/appliance/appliance.ini"));
        Make("active-slot.tar", "vmlinuz: target boot:/A/vmlinuz is a file of the running slot A", key, edit: m => Target(m, "vmlinuz", "boot:/A/vmlinuz"));
        Make("duplicate.tar", "duplicate target: vmlinuz and initrd.img both go to kernel for slot B", key, edit: m => Target(m, "initrd.img", "boot:/{slot}/vmlinuz"));
        Make("oversized.tar", @"manifest\.json is \d+ bytes, over the 65536 this box reads", key, edit: m => m["padding"] = new string(' ', 70_000));
        Make("downgrade.tar", "downgrade: the bundle's version 0.0.1 is older than the running ", key, edit: m => m["version"] = "0.0.1");

        // Cut in the middle of the payload (in the root or the kernel, as their sizes fall).
        var whole = File.ReadAllBytes(built);
        File.WriteAllBytes(_scratch.Path("truncated.tar"), whole[..(whole.Length / 2)]);
        bundles["truncated.tar"] = @"(rootfs\.squashfs|vmlinuz): the bundle ends after \d+ of its \d+ bytes \(truncated\)";
        return bundles;
    }

    private static void Target(JsonNode manifest, string name, string target) =>
        manifest["files"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == name)!["target"] = target;
}
