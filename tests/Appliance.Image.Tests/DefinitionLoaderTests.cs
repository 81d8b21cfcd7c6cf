using Appliance.Image.Tests.Infrastructure;
using Appliance.ImageBuilder.Definition;

namespace Appliance.Image.Tests;

public sealed class DefinitionLoaderTests
{
    private static readonly string ImageDirectory = Repository.Path("image");

    private static DefinitionLoadResult Parse(string text) => DefinitionLoader.Parse(text, "test.toml", ImageDirectory);

    private static string Shipped => File.ReadAllText(Repository.Path("image/appliance.toml"));

    [Fact]
    public void The_shipped_image_definition_loads()
    {
        var result = DefinitionLoader.Load(Repository.Path("image/appliance.toml"));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Definition);
        Assert.Equal("bookworm", result.Definition.Debian.Suite);
        Assert.Contains("nginx-light", result.Definition.Debian.Packages);
        Assert.Equal(64, result.Definition.Disk.SizeMib);
    }

    [Fact]
    public void A_syntax_error_is_reported_with_file_line_and_column()
    {
        var result = Parse("[image]\nname = \"appliance\nsuite = 1\n");

        Assert.Null(result.Definition);
        var error = result.Errors[0];
        Assert.Equal("test.toml:2:18: Invalid newline in a string", error.ToString());
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_where_it_is_written()
    {
        var text = Shipped.Replace("size_mib = 64", "size_mib = \"sixty-four\"", StringComparison.Ordinal);
        var line = LineOf(text, "size_mib = \"sixty-four\"");

        var error = Assert.Single(Parse(text).Errors);

        Assert.Equal(line, error.Line);
        Assert.Equal(12, error.Column);
        Assert.Contains("Integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_rejected_at_its_position()
    {
        var text = Shipped.Replace("[squashfs]\n", "[squashfs]\ncompresion = \"xz\"\n", StringComparison.Ordinal);

        var error = Assert.Single(Parse(text).Errors);

        Assert.Equal(LineOf(text, "compresion"), error.Line);
        Assert.Equal(1, error.Column);
        Assert.Contains("unknown key 'squashfs.compresion'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_table_is_rejected()
    {
        var error = Assert.Single(Parse(Shipped + "\n[kernal]\npackage = \"x\"\n").Errors);

        Assert.Contains("unknown key 'kernal'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Partitions_that_do_not_fit_the_disk_are_rejected_at_the_disk_size()
    {
        var text = Shipped.Replace("size_mib = 64", "size_mib = 48", StringComparison.Ordinal);

        var error = Assert.Single(Parse(text).Errors);

        Assert.Equal(LineOf(text, "size_mib = 48"), error.Line);
        Assert.Contains("disk.size_mib is 48 but the partitions need 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_list_element_is_reported_at_the_element()
    {
        var text = Shipped.Replace("initramfs_modules = [\"virtio_pci\", ", "initramfs_modules = [\"virtio pci\", ", StringComparison.Ordinal);

        var error = Assert.Single(Parse(text).Errors);

        Assert.Equal(LineOf(text, "\"virtio pci\""), error.Line);
        Assert.Equal(text.Split('\n')[error.Line - 1].IndexOf("\"virtio pci\"", StringComparison.Ordinal) + 1, error.Column);
        Assert.Contains("'virtio pci' is not a kernel module name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_semantic_error_is_reported_not_just_the_first()
    {
        var text = Shipped
            .Replace("compression = \"gzip\"", "compression = \"brotli\"", StringComparison.Ordinal)
            .Replace("variant = \"extract\"", "variant = \"tiny\"", StringComparison.Ordinal)
            .Replace("overlay = \"../rootfs-overlay\"", "overlay = \"../no-such-overlay\"", StringComparison.Ordinal);

        var errors = Parse(text).Errors;

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Message.StartsWith("initramfs.compression", StringComparison.Ordinal) && e.Line == LineOf(text, "\"brotli\""));
        Assert.Contains(errors, e => e.Message.StartsWith("debian.variant", StringComparison.Ordinal) && e.Line == LineOf(text, "\"tiny\""));
        Assert.Contains(errors, e => e.Message.Contains("no-such-overlay", StringComparison.Ordinal) && e.Line == LineOf(text, "no-such-overlay"));
    }

    [Fact]
    public void A_missing_required_key_names_the_key()
    {
        var text = Shipped.Replace("package = \"linux-image-amd64\"\n", "", StringComparison.Ordinal);

        var error = Assert.Single(Parse(text).Errors);

        Assert.Contains("kernel.package (missing) is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(text, "[kernel]"), error.Line);
    }

    private static int LineOf(string text, string fragment)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(fragment, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }
        throw new InvalidOperationException($"'{fragment}' not in the text");
    }
}
