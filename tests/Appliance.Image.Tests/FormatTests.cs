using System.Text;
using Appliance.Image.Tests.Infrastructure;
using Appliance.ImageBuilder.Archive;
using Appliance.ImageBuilder.Disk;
using Appliance.ImageBuilder.Host;
using Appliance.ImageBuilder.Kernel;
using Appliance.Lab;

namespace Appliance.Image.Tests;

// The byte formats of the boot contract and the pure pieces of the build.
public sealed class FormatTests
{
    [Fact]
    public void The_initramfs_archive_holds_a_console_device_a_link_and_files_owned_by_root()
    {
        using var output = new MemoryStream();
        var cpio = new CpioWriter(output, 0);
        cpio.CharDevice("dev/console", 0x180, 5, 1);
        cpio.File("bin/busybox", Encoding.ASCII.GetBytes("#!/bin/true\n"), 0x1ED);
        cpio.Symlink("bin/sh", "busybox");
        cpio.Finish();
        using var scratch = new Scratch("cpio");
        File.WriteAllBytes(scratch.Path("a.cpio"), output.ToArray());

        var listing = Cmd.Run("sh", "-c", $"cpio -itv --quiet < {scratch.Path("a.cpio")}").StandardOutput;

        Assert.Matches(@"crw------- +1 +root +root +5, +1 .* dev/console", listing);
        Assert.Matches(@"-rwxr-xr-x +1 +root +root +12 .* bin/busybox", listing);
        Assert.Matches(@"lrwxrwxrwx .* bin/sh -> busybox", listing);
        Assert.Matches(@"drwxr-xr-x .* dev\n", listing);
    }

    [Fact]
    public void Module_info_gives_name_dependencies_pre_soft_dependencies_and_aliases()
    {
        var module = KernelModule.FromModInfo("kernel/fs/ext4/ext4.ko",
            ["alias=fs-ext4", "softdep=pre: crypto-crc32c post: foo", "depends=jbd2,mbcache,crc16", "name=ext4", "alias=ext3"]);

        Assert.Equal("ext4", module.Name);
        Assert.Equal(["jbd2", "mbcache", "crc16"], module.Depends);
        Assert.Equal(["crypto-crc32c"], module.SoftPre);
        Assert.Equal(["fs-ext4", "ext3"], module.Aliases);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("lib*.so.*", "libc.so.6", true)]
    [InlineData("lib*.so.*", "libc.a", false)]
    [InlineData("?ib", "lib", true)]
    [InlineData("gconv", "gconv-modules", false)]
    public void Drop_patterns_match_within_one_path_segment(string pattern, string name, bool matches) =>
        Assert.Equal(matches, FileTree.Wildcard(pattern, name));

    [Fact]
    public void Apt_sources_keep_only_the_suite_and_its_update_and_security_suites()
    {
        using var scratch = new Scratch("apt");
        Directory.CreateDirectory(scratch.Path("sources.list.d"));
        File.WriteAllText(scratch.Path("sources.list"), "deb [signed-by=/k.gpg] http://mirror.example/debian bookworm main contrib\ndeb http://other.example/ nodistro main\n");
        File.WriteAllText(scratch.Path("sources.list.d/debian.sources"),
            "Types: deb deb-src\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security trixie-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n" +
            "Types: deb\nURIs: https://vendor.example/apt\nSuites: cloud-sdk-bookworm\nComponents: main\n");

        var sources = AptSources.ForSuite("bookworm", scratch.Directory);

        Assert.Contains("URIs: http://mirror.example/debian\nSuites: bookworm\nComponents: main contrib\nSigned-By: /k.gpg\n", sources, StringComparison.Ordinal);
        Assert.Contains("Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n", sources, StringComparison.Ordinal);
        Assert.DoesNotContain("vendor.example", sources, StringComparison.Ordinal);
        Assert.DoesNotContain("other.example", sources, StringComparison.Ordinal);
        Assert.DoesNotContain("trixie", sources, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.1.0+3917529", "appliance:0.1.0_3917529")]
    [InlineData("1.2.3", "appliance:1.2.3")]
    [InlineData("-rc1", "appliance:_-rc1")]
    public void A_version_with_build_metadata_becomes_a_tag_that_docker_accepts(string version, string tag)
    {
        var definition = ImageBuilder.Definition.DefinitionLoader.Load(Repository.Path("image/appliance.toml")).Definition!;
        var options = new ImageBuilder.Build.BuildOptions("appliance.toml", "appliance", "out", null, false, false);

        var context = new ImageBuilder.Build.BuildContext(options, definition, Repository.Path("image"), version, version);

        Assert.Equal(tag, ImageBuilder.Steps.ContainerStep.Tag(context));
    }

    [Fact]
    public void Partitions_are_laid_out_in_order_from_one_MiB_and_fit_before_the_backup_table()
    {
        var definition = ImageBuilder.Definition.DefinitionLoader.Load(Repository.Path("image/appliance.toml")).Definition!;

        var layout = PartitionLayout.For("appliance", definition.Disk);

        Assert.Equal([PartitionRole.Boot, PartitionRole.SlotA, PartitionRole.SlotB, PartitionRole.Data], layout.Partitions.Select(p => p.Role));
        Assert.Equal(2048, layout.Partitions[0].StartSector);
        for (var i = 1; i < layout.Partitions.Count; i++)
        {
            Assert.Equal(layout.Partitions[i - 1].StartSector + layout.Partitions[i - 1].SizeSectors, layout.Partitions[i].StartSector);
        }
        var last = layout.Partitions[^1];
        Assert.True(last.StartSector + last.SizeSectors <= layout.DiskSectors - 33, "the backup GPT needs the last 33 sectors");
        Assert.Equal(layout.DiskId, PartitionLayout.For("appliance", definition.Disk).DiskId);
    }
}
