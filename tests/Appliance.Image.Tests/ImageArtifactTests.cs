using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Appliance.Image.Tests.Infrastructure;
using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Disk;
using Appliance.Lab;
using Appliance.Supervisor.Upgrade;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

// What the build leaves in artifacts/: sizes, manifest, partition table, root file system, boot partition, bundle.
[Collection("image")]
public sealed class ImageArtifactTests(ImageFixture fixture, ITestOutputHelper output)
{
    private const long Mib = 1024 * 1024;

    [RootFact]
    public void The_compressed_disk_written_with_bmaptool_as_the_README_says_is_the_raw_disk_byte_for_byte()
    {
        var image = fixture.Image;
        var target = Path.Combine(Path.GetTempPath(), $"appliance-flash-{Environment.ProcessId}.img");
        try
        {
            // The README's line for a stick, with a file for the stick; bmaptool checks every mapped range's SHA-256.
            Cmd.Run(TimeSpan.FromMinutes(2), "bmaptool", "copy", "--bmap", image.Bmap, image.CompressedDisk, target);
            output.WriteLine($"disk.img.xz {new FileInfo(image.CompressedDisk).Length / (double)Mib:0.0} MiB");

            Assert.Equal(new FileInfo(image.Disk).Length, new FileInfo(target).Length);
            using var written = File.OpenRead(target);
            using var raw = File.OpenRead(image.Disk);
            Assert.Equal(SHA256.HashData(raw), SHA256.HashData(written));
        }
        finally
        {
            File.Delete(target);
        }
    }

    [RootFact]
    public void The_build_stays_within_the_size_targets()
    {
        var image = fixture.Image;
        var squashfs = new FileInfo(image.Squashfs).Length;
        var disk = new FileInfo(image.Disk).Length;
        output.WriteLine($"rootfs.squashfs {squashfs / (double)Mib:0.0} MiB, disk.img {disk / (double)Mib:0.0} MiB, " +
            $"disk.qcow2 {new FileInfo(image.Qcow2).Length / (double)Mib:0.0} MiB, update {new FileInfo(image.Update).Length / (double)Mib:0.0} MiB");
        foreach (var report in image.Reports)
        {
            output.WriteLine($"  {report.Name}: {(report.Cached ? "cached" : $"{report.Duration.TotalSeconds:0.0} s")}");
        }

        Assert.True(squashfs <= 24 * Mib, $"root squashfs is {squashfs} bytes; the target is 24 MiB");
        Assert.True(disk <= 64 * Mib, $"disk image is {disk} bytes; the target is 64 MiB");
        Assert.True(squashfs <= image.Layout[PartitionRole.SlotA].Bytes, "the squashfs must fit a slot");
    }

    [RootFact]
    public void The_manifest_names_every_artifact_with_its_size_digest_and_the_versions_inside()
    {
        var image = fixture.Image;
        using var manifest = JsonDocument.Parse(File.ReadAllText(image.Manifest));
        var root = manifest.RootElement;

        var versions = root.GetProperty("versions");
        // The build asked the binary itself (`appliance --version`); the manifest says what is inside.
        var reported = Cmd.Run(image.ApplianceBinary, "--version").StandardOutput.Split('\n')[0].Split(' ')[^1];
        Assert.Equal(reported, versions.GetProperty("appliance").GetString());
        Assert.Equal(reported, image.ApplianceVersion);
        Assert.Matches(@"^1\.\d+\.\d+", versions.GetProperty("nginx").GetString());
        Assert.Equal(File.ReadAllText(image.Context.Work("kernel.version")).Trim(), versions.GetProperty("kernel").GetString());
        Assert.NotEmpty(versions.GetProperty("kernel_package").GetString()!);

        var artifacts = root.GetProperty("artifacts").EnumerateArray().ToList();
        Assert.Equal(["rootfs.tar", "rootfs.squashfs", "vmlinuz", "initrd.img", "disk.img", "disk.qcow2", "disk.img.xz", "disk.img.bmap", "update"],
            artifacts.Select(a => a.GetProperty("name").GetString()));
        foreach (var artifact in artifacts)
        {
            var path = Path.Combine(image.Context.OutputDirectory, artifact.GetProperty("path").GetString()!);
            Assert.Equal(new FileInfo(path).Length, artifact.GetProperty("size").GetInt64());
            using var stream = File.OpenRead(path);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stream)), artifact.GetProperty("sha256").GetString());
        }
    }

    [RootFact]
    public void The_disk_has_a_GPT_with_named_partitions_and_a_bootable_boot_partition()
    {
        var image = fixture.Image;
        using var table = JsonDocument.Parse(Cmd.Run("sfdisk", "--json", image.Disk).StandardOutput);
        var partitions = table.RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray().ToList();

        Assert.Equal("gpt", table.RootElement.GetProperty("partitiontable").GetProperty("label").GetString());
        Assert.Equal(["appliance-boot", "appliance-root-A", "appliance-root-B", "appliance-data"], partitions.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("LegacyBIOSBootable", partitions[0].GetProperty("attrs").GetString());
        Assert.Equal(File.ReadAllBytes("/usr/lib/syslinux/mbr/gptmbr.bin")[..440], File.ReadAllBytes(image.Disk)[..440]);
        using var disk = File.OpenRead(image.Disk);
        var slot = new byte[4];
        disk.Position = image.Layout[PartitionRole.SlotB].Offset;
        disk.ReadExactly(slot);
        Assert.Equal("hsqs", Encoding.ASCII.GetString(slot));
    }

    [RootFact]
    public void The_root_file_system_has_the_appliance_as_init_the_overlay_its_manual_and_no_other_documentation()
    {
        var image = fixture.Image;
        var entries = new Dictionary<string, TarEntry>(StringComparer.Ordinal);
        byte[] appliance = [];
        using (var stream = File.OpenRead(image.RootfsTar))
        using (var reader = new TarReader(stream))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                var name = entry.Name.TrimStart('.').TrimEnd('/');
                entries[name] = entry;
                if (name == "/usr/sbin/appliance")
                {
                    using var content = new MemoryStream();
                    entry.DataStream!.CopyTo(content);
                    appliance = content.ToArray();
                }
            }
        }

        Assert.Equal(File.ReadAllBytes(image.ApplianceBinary), appliance);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, entries["/usr/sbin/appliance"].Mode);
        Assert.Equal("/usr/sbin/appliance", entries["/sbin/init"].LinkName);
        Assert.Contains("/etc/nginx/nginx.conf", entries.Keys);
        Assert.Contains("/usr/sbin/nginx", entries.Keys);
        Assert.Equal("/bin/busybox", entries["/bin/sh"].LinkName);
        foreach (var mountPoint in new[] { "/data", "/boot", "/etc/appliance", "/run", "/tmp", "/var/log" })
        {
            Assert.Equal(TarEntryType.Directory, entries[mountPoint].EntryType);
        }
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("/usr/share/doc/", StringComparison.Ordinal) || k.StartsWith("/usr/share/locale/", StringComparison.Ordinal));
        Assert.Equal(["/usr/share/man/man1/appliance.1.gz"], entries.Keys.Where(k => k.StartsWith("/usr/share/man/", StringComparison.Ordinal) && entries[k].EntryType != TarEntryType.Directory));
        Assert.Contains(entries.Keys, k => k.EndsWith("/kernel/drivers/net/macvlan.ko", StringComparison.Ordinal));
        Assert.Contains(entries.Keys, k => k.EndsWith("/modules.dep", StringComparison.Ordinal));
        Assert.All(entries.Values, e => Assert.Equal(0, e.Uid));
    }

    [RootFact]
    public void The_boot_partition_holds_both_slots_the_confirmed_slot_and_an_empty_ADV_that_extlinux_agrees_with()
    {
        var image = fixture.Image;
        using var scratch = new Scratch("bootpart");
        var disk = image.CopyDisk(scratch.Directory);
        using var boot = PartitionMount.Open(disk, image.Layout[PartitionRole.Boot].Name, scratch.Path("boot"));
        var root = boot.MountPoint;

        var conf = File.ReadAllText(Path.Combine(root, "extlinux/extlinux.conf"));
        Assert.Contains("INCLUDE /extlinux/slot.cfg", conf, StringComparison.Ordinal);
        Assert.Matches(@"LABEL A\n  LINUX /A/vmlinuz\n  INITRD /A/initrd.img\n  APPEND .*panic=5.* appliance.slot=A\n", conf);
        Assert.Matches(@"LABEL B\n  LINUX /B/vmlinuz\n  INITRD /B/initrd.img\n  APPEND .*panic=5.* appliance.slot=B\n", conf);
        Assert.Equal("DEFAULT A\n", File.ReadAllText(Path.Combine(root, "extlinux/slot.cfg")));
        Assert.Equal(File.ReadAllBytes(image.Context.Image("vmlinuz")), File.ReadAllBytes(Path.Combine(root, "B/vmlinuz")));

        var ldlinux = Path.Combine(root, "extlinux/ldlinux.sys");
        Assert.Equal(SyslinuxAdv.Encode(null), File.ReadAllBytes(ldlinux)[^1024..]);
        Assert.DoesNotContain("i", Cmd.Run("lsattr", ldlinux).StandardOutput.Split(' ')[0], StringComparison.Ordinal);

        // The C# reference of the ADV (for `appliance upgrade`) against the tool that defines the format.
        Cmd.Run("extlinux", "--once=B", Path.Combine(root, "extlinux"));
        Assert.Equal(SyslinuxAdv.Encode("B"), File.ReadAllBytes(ldlinux)[^1024..]);
        Cmd.Run("extlinux", "--clear-once", Path.Combine(root, "extlinux"));
        Assert.Equal(SyslinuxAdv.Encode(null), File.ReadAllBytes(ldlinux)[^1024..]);
    }

    [RootFact]
    public void The_update_bundle_starts_with_its_signed_manifest_and_its_digests_match_the_payload()
    {
        var image = fixture.Image;
        var members = UpdateBundle.Read(image.Update);

        Assert.Equal(["manifest.json", "manifest.json.sig", "signer.pem", "SHA256SUMS", "rootfs.squashfs", "vmlinuz", "initrd.img"], members.Keys);
        Assert.Equal(File.ReadAllBytes(image.Squashfs), members["rootfs.squashfs"]);
        using var manifest = JsonDocument.Parse(members["manifest.json"]);
        Assert.Equal(2, manifest.RootElement.GetProperty("format").GetInt32());
        Assert.Equal(image.Context.Version, manifest.RootElement.GetProperty("version").GetString());
        foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("name").GetString()!;
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(members[name]));
            Assert.Equal(sha256, file.GetProperty("sha256").GetString());
            Assert.Equal(members[name].Length, file.GetProperty("size").GetInt64());
            Assert.Contains($"{sha256}  {name}\n", Encoding.ASCII.GetString(members["SHA256SUMS"]), StringComparison.Ordinal);
        }

        // Signed by the build's (development) key, whose public key the image trusts, and checkable with openssl.
        var signer = BundleSignature.PublicKeyPemOf(image.SigningKey);
        Assert.Equal(signer + "\n", Encoding.ASCII.GetString(members["signer.pem"]));
        Assert.True(BundleSignature.Verify(BundleSignature.PublicKeyDer(members["signer.pem"], "signer.pem"), members["manifest.json"], members["manifest.json.sig"]));
        var scratch = Directory.CreateTempSubdirectory("appliance-bundle-openssl-");
        try
        {
            foreach (var name in new[] { "manifest.json", "manifest.json.sig", "signer.pem" })
            {
                File.WriteAllBytes(Path.Combine(scratch.FullName, name), members[name]);
            }

            var openssl = Cmd.Run(TimeSpan.FromSeconds(10), "openssl", "dgst", "-sha256", "-verify", Path.Combine(scratch.FullName, "signer.pem"),
                "-signature", Path.Combine(scratch.FullName, "manifest.json.sig"), Path.Combine(scratch.FullName, "manifest.json"));
            Assert.Contains("Verified OK", openssl.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        var trusted = Cmd.Run(TimeSpan.FromSeconds(30), "tar", "-xOf", image.RootfsTar, $".{BundleSignature.TrustedKeysDirectory}/{Signing.SignerKeyName}").StandardOutput;
        Assert.Equal(signer.Trim(), trusted.Trim());
    }

    [RootFact]
    public void A_second_build_with_unchanged_inputs_runs_no_step()
    {
        var image = fixture.Image;
        var options = new BuildOptions(image.Context.Options.DefinitionPath, image.ApplianceBinary, image.Context.OutputDirectory, null, false, false);

        var again = ImageBuild.Run(options, "all");

        Assert.All(again.Reports, r => Assert.True(r.Cached, $"step {r.Name} ran again"));
    }
}
