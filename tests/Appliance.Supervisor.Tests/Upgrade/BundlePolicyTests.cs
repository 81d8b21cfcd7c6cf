using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Appliance.Supervisor.Upgrade;

namespace Appliance.Supervisor.Tests.Upgrade;

/// <summary>
/// What `appliance upgrade` accepts (image/BOOT.md, "`appliance upgrade BUNDLE`"): the pure policy on bundles built and signed
/// here, and the reader on whole tar files. Slot A runs, slot B is the target.
/// </summary>
public sealed class BundlePolicyTests : IDisposable
{
    private static readonly TrustedKey[] TrustsKey1 = [BundleFactory.Trust(BundleFactory.Key1)];
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("appliance-bundle-");
    private readonly BundleFactory _bundle = new();

    [Fact]
    public void A_bundle_signed_by_a_trusted_key_is_accepted_with_the_target_slots_three_files()
    {
        var plan = Accepted(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box()));

        Assert.Equal("signing-key.pem", plan.Key.Name);
        Assert.Equal("B", plan.TargetSlot);
        Assert.Equal([null, "B/vmlinuz", "B/initrd.img"], plan.Files.Select(f => f.BootPath));

        var read = BundleReader.Verify(Write(_bundle.Tar()), TrustsKey1, BundleFactory.Box());
        Assert.Equal(plan.Files.Select(f => f.File), read.Files.Select(f => f.File));
    }

    [Fact]
    public void An_unsigned_bundle_is_refused()
    {
        var head = _bundle.Head();
        head.RemoveRange(1, 2);
        head.Add(new HeadMember(BundleSignature.SumsName, true, 10, null));

        Assert.StartsWith("the bundle is not signed", Refused(BundlePolicy.CheckHead(head, TrustsKey1, BundleFactory.Box())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_signed_by_an_unknown_key_is_refused()
    {
        var refusal = Refused(BundlePolicy.CheckHead(_bundle.Head(BundleFactory.Key2), TrustsKey1, BundleFactory.Box()));

        Assert.StartsWith($"unknown key: the bundle is signed by {BundleFactory.Trust(BundleFactory.Key2).Fingerprint}", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signer_on_a_curve_the_platform_does_not_know_is_refused()
    {
        // Found by tools/fuzz.sh (bundle): P-256's OID 1.2.840.10045.3.1.7 turned into 1.2.863.10045.3.1.7.
        var der = BundleFactory.Trust(BundleFactory.Key1).PublicKey;
        var curve = Convert.FromHexString("2A8648CE3D030107");
        var at = der.AsSpan().IndexOf(curve);
        Assert.True(at > 0);
        der[at + 2] = 0x5F;
        var head = _bundle.Head();
        var pem = Encoding.ASCII.GetBytes(PemEncoding.WriteString("PUBLIC KEY", der));
        head[2] = new HeadMember(BundleSignature.SignerName, true, pem.Length, pem);

        Assert.StartsWith("signer.pem is not an EC public key", Refused(BundlePolicy.CheckHead(head, TrustsKey1, BundleFactory.Box())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotated_key_is_accepted_once_the_running_image_trusts_it()
    {
        TrustedKey[] rotated = [.. TrustsKey1, BundleFactory.Trust(BundleFactory.Key2, "next.pem")];

        Assert.Equal("next.pem", Accepted(BundlePolicy.CheckHead(_bundle.Head(BundleFactory.Key2), rotated, BundleFactory.Box())).Key.Name);
    }

    [Fact]
    public void A_signer_that_claims_a_trusted_key_but_signed_with_another_fails_the_signature()
    {
        var head = _bundle.Head(BundleFactory.Key2);
        var trusted = Encoding.ASCII.GetBytes(BundleSignature.PublicKeyPemOf(BundleFactory.Key1));
        head[2] = new HeadMember(BundleSignature.SignerName, true, trusted.Length, trusted);

        Assert.StartsWith("bad signature", Refused(BundlePolicy.CheckHead(head, TrustsKey1, BundleFactory.Box())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_payload_whose_manifest_hash_was_updated_fails_the_signature()
    {
        var head = _bundle.Head();
        _bundle.Payload["vmlinuz"][100] ^= 0xFF;
        _bundle.Recompute();
        head[0] = new HeadMember(BundleSignature.ManifestName, true, _bundle.ManifestBytes.Length, _bundle.ManifestBytes);

        Assert.StartsWith("bad signature", Refused(BundlePolicy.CheckHead(head, TrustsKey1, BundleFactory.Box())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_payload_with_the_manifest_untouched_fails_its_hash()
    {
        _bundle.Payload["initrd.img"][5] ^= 1;

        var refusal = Assert.Throws<UpgradeException>(() => BundleReader.Verify(Write(_bundle.Tar()), TrustsKey1, BundleFactory.Box())).Message;
        Assert.StartsWith("initrd.img: sha256 ", refusal, StringComparison.Ordinal);
        Assert.Contains("does not match the signed manifest's", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_whose_size_differs_from_the_manifest_is_refused()
    {
        var head = _bundle.Head();
        _bundle.Payload["vmlinuz"] = [.. _bundle.Payload["vmlinuz"], 0];
        var members = head.Select(h => (h.Name, h.Content!)).Concat(_bundle.Payload.Select(p => (p.Key, p.Value)));

        var refusal = Assert.Throws<UpgradeException>(() => BundleReader.Verify(Write(_bundle.Tar(members: members)), TrustsKey1, BundleFactory.Box())).Message;
        Assert.Equal("vmlinuz is 1501 bytes in the bundle, the signed manifest says 1500", refusal);
    }

    [Theory]
    [InlineData("boot:/../data/etc/appliance/appliance.ini")]
    [InlineData("boot:/{slot}/../A/vmlinuz")]
    [InlineData("boot:/B/../../data/x")]
    [InlineData("boot:/B/extlinux/ldlinux.sys")]
    [InlineData("boot:/extlinux/slot.cfg")]
    [InlineData("boot:/{slot}/vmlinuz/")]
    [InlineData("boot://B/vmlinuz")]
    [InlineData("/dev/sda")]
    [InlineData("slot:A")]
    public void A_target_outside_the_target_slots_files_is_refused(string target)
    {
        _bundle.FileEntry("vmlinuz")["target"] = target;

        Assert.StartsWith("vmlinuz: target ", Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("boot:/A/vmlinuz")]
    [InlineData("boot:/A/initrd.img")]
    public void A_target_in_the_running_slot_is_refused(string target)
    {
        _bundle.FileEntry("vmlinuz")["target"] = target;

        Assert.Equal($"vmlinuz: target {target} is a file of the running slot A; a bundle writes only slot B", Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())));
    }

    [Fact]
    public void The_target_slot_named_literally_is_the_same_target()
    {
        _bundle.FileEntry("vmlinuz")["target"] = "boot:/B/vmlinuz";

        Assert.Equal("B/vmlinuz", Accepted(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())).Files[1].BootPath);
    }

    [Fact]
    public void Two_files_for_the_same_target_are_refused()
    {
        _bundle.FileEntry("initrd.img")["target"] = "boot:/{slot}/vmlinuz";

        Assert.StartsWith("duplicate target: vmlinuz and initrd.img both go to kernel for slot B", Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_twice_is_refused_and_a_missing_target_is_refused()
    {
        var files = _bundle.Manifest["files"]!.AsArray();
        files.Add(_bundle.FileEntry("vmlinuz").DeepClone());
        Assert.Equal("manifest.json names vmlinuz twice", Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())));

        files.RemoveAt(3);
        files.RemoveAt(2);
        Assert.StartsWith("the bundle has no initramfs for slot B", Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())), StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_manifest_is_refused_before_it_is_read()
    {
        var head = _bundle.Head();
        head[0] = new HeadMember(BundleSignature.ManifestName, true, BundleSignature.MaxManifestBytes + 1, null);
        Assert.Equal($"manifest.json is {BundleSignature.MaxManifestBytes + 1} bytes, over the 65536 this box reads", Refused(BundlePolicy.CheckHead(head, TrustsKey1, BundleFactory.Box())));

        // Through the reader: a signed manifest padded past the limit is not even loaded.
        _bundle.Manifest["padding"] = new string(' ', BundleSignature.MaxManifestBytes);
        var refusal = Assert.Throws<UpgradeException>(() => BundleReader.Verify(Write(_bundle.Tar()), TrustsKey1, BundleFactory.Box())).Message;
        Assert.Matches(@"^manifest\.json is 6\d{4} bytes, over the 65536 this box reads$", refusal);
    }

    [Fact]
    public void A_root_larger_than_the_slot_partition_is_refused()
    {
        Assert.StartsWith("rootfs.squashfs is 3000 bytes; root file system for slot B holds at most 2048",
            Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box() with { SlotCapacity = 2048 })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_downgrade_is_refused_unless_allowed()
    {
        Assert.Equal("downgrade: the bundle's version 1.2.0 is older than the running 1.10.0; --allow-downgrade installs it anyway",
            Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box(version: "1.10.0"))));

        Assert.NotNull(Accepted(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box(allowDowngrade: true, version: "1.10.0"))));
        Assert.NotNull(Accepted(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box(version: "1.2.0+other-build"))));
        Assert.NotNull(Accepted(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box(version: "1.2.0-rc.2"))));
    }

    [Fact]
    public void A_bundle_for_another_image_or_format_is_refused()
    {
        _bundle.Manifest["image"] = "router";
        Assert.Equal("the bundle is for image 'router', this box runs 'appliance'", Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())));

        _bundle.Manifest["image"] = "appliance";
        _bundle.Manifest["format"] = 1;
        Assert.Equal("bundle format 1 is not understood (expected 2)", Refused(BundlePolicy.CheckHead(_bundle.Head(), TrustsKey1, BundleFactory.Box())));
    }

    // Cut this many bytes from the end: the last 1024 are the tar's end marker, the 1024 before them the last
    // payload's 700 bytes with their padding.
    [Theory]
    [InlineData(2000)] // inside the last payload
    [InlineData(7000)] // inside the root's data
    [InlineData(12000)] // inside the head
    [InlineData(-10)] // 10 bytes left: inside the first header
    public void A_truncated_bundle_is_refused(int cut)
    {
        var tar = _bundle.Tar();
        var path = Write(tar[..(cut > 0 ? tar.Length - cut : -cut)]);

        var refusal = Assert.Throws<UpgradeException>(() => BundleReader.Verify(path, TrustsKey1, BundleFactory.Box())).Message;
        Assert.Matches("truncated", refusal);
    }

    [Fact]
    public void A_bundle_with_an_entry_type_the_tar_reader_does_not_implement_is_refused()
    {
        // Found by tools/fuzz.sh (bundle): a GNU sparse entry ('S'), which .NET's TarReader refuses with
        // NotSupportedException. Here the first header's type flag, with its header checksum made right again.
        var tar = _bundle.Tar();
        tar[156] = (byte)'S';
        SetHeaderChecksum(tar);

        var refusal = Assert.Throws<UpgradeException>(() => BundleReader.Verify(Write(tar), TrustsKey1, BundleFactory.Box())).Message;
        Assert.Contains("is not a complete tar archive (truncated or damaged): ", refusal, StringComparison.Ordinal);
        Assert.Contains("SparseFile", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_whose_extended_attributes_claim_more_than_the_tar_reader_reads_is_refused()
    {
        // Found by tools/fuzz.sh (bundle): a pax global header ('g') whose size field says 8 GiB, which .NET's
        // TarReader refuses with InvalidOperationException. Here in front of the first member.
        var pax = new byte[512];
        Encoding.ASCII.GetBytes("pax_global_header").CopyTo(pax, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(pax, 100);
        Encoding.ASCII.GetBytes("77777777777\0").CopyTo(pax, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(pax, 136);
        pax[156] = (byte)'g';
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(pax, 257);
        SetHeaderChecksum(pax);

        var refusal = Assert.Throws<UpgradeException>(() => BundleReader.Verify(Write([.. pax, .. _bundle.Tar()]), TrustsKey1, BundleFactory.Box())).Message;
        Assert.Contains("is not a complete tar archive (truncated or damaged): ", refusal, StringComparison.Ordinal);
        Assert.Contains("GlobalExtendedAttributes", refusal, StringComparison.Ordinal);
    }

    /// <summary>The checksum of the tar header at the start of <paramref name="tar"/> after an edit (POSIX ustar: six octal digits, NUL, space).</summary>
    private static void SetHeaderChecksum(byte[] tar)
    {
        tar.AsSpan(148, 8).Fill((byte)' ');
        var checksum = tar.AsSpan(0, 512).ToArray().Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
    }

    [Fact]
    public void A_member_the_manifest_does_not_name_and_a_repeated_payload_are_refused()
    {
        var head = _bundle.Head().Select(h => (h.Name, h.Content!)).ToList();
        var payload = _bundle.Payload.Select(p => (p.Key, p.Value)).ToList();

        var extra = Write(_bundle.Tar(members: [.. head, .. payload, ("appliance.ini", [1, 2, 3])]));
        Assert.Equal("the bundle holds appliance.ini, which the signed manifest does not name", Assert.Throws<UpgradeException>(() => BundleReader.Verify(extra, TrustsKey1, BundleFactory.Box())).Message);

        var twice = Write(_bundle.Tar(members: [.. head, .. payload, payload[1]]));
        Assert.Equal("vmlinuz appears twice in the bundle", Assert.Throws<UpgradeException>(() => BundleReader.Verify(twice, TrustsKey1, BundleFactory.Box())).Message);
    }

    [Fact]
    public void Trusted_keys_are_every_pem_of_the_directory_and_a_file_that_is_no_key_is_an_error()
    {
        var keys = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "keys")).FullName;
        Assert.StartsWith("this image trusts no update key", Assert.Throws<UpgradeException>(() => BundleReader.LoadTrustedKeys(keys)).Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(keys, "a.pem"), BundleSignature.PublicKeyPemOf(BundleFactory.Key1));
        File.WriteAllText(Path.Combine(keys, "b.pem"), BundleSignature.PublicKeyPemOf(BundleFactory.Key2));
        File.WriteAllText(Path.Combine(keys, "README"), "not a key, not a .pem");
        Assert.Equal([BundleFactory.Trust(BundleFactory.Key1).Fingerprint, BundleFactory.Trust(BundleFactory.Key2).Fingerprint], BundleReader.LoadTrustedKeys(keys).Select(k => k.Fingerprint));

        File.WriteAllText(Path.Combine(keys, "c.pem"), BundleFactory.Key1); // a private key where a public one belongs
        Assert.Contains("is not a PEM public key", Assert.Throws<UpgradeException>(() => BundleReader.LoadTrustedKeys(keys)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_is_hashed_up_to_one_byte_past_its_size_and_a_read_back_exactly_to_its_size()
    {
        var device = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var first40 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(device.AsSpan(0, 40)));

        Assert.Equal(41, BundleReader.Hash(new MemoryStream(device), 40).Read);
        Assert.Equal((first40, 40L), BundleReader.Hash(new MemoryStream(device), 40, prefix: true));
        Assert.Equal((first40, 40L), BundleReader.Hash(new MemoryStream(device[..40]), 40));
    }

    [Theory]
    [InlineData("1.2.0", "1.10.0", -1)]
    [InlineData("1.2", "1.2.0", 0)]
    [InlineData("1.2.0-rc.1", "1.2.0", -1)]
    [InlineData("1.2.0-rc.2", "1.2.0-rc.10", -1)]
    [InlineData("1.2.0-alpha", "1.2.0-1", 1)]
    [InlineData("1.2.0+a", "1.2.0+b", 0)]
    [InlineData("2.0.0", "1.99.99.99", 1)]
    public void Image_versions_order_as_semantic_versions(string a, string b, int order)
    {
        Assert.Equal(order, Math.Sign(ImageVersion.TryParse(a)!.CompareTo(ImageVersion.TryParse(b))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("latest")]
    [InlineData("1.2.x")]
    [InlineData("1.2.0-")]
    public void Text_that_is_no_version_does_not_parse(string text) => Assert.Null(ImageVersion.TryParse(text));

    public void Dispose() => _scratch.Delete(recursive: true);

    private static InstallPlan Accepted(BundleVerdict verdict) =>
        verdict.Plan ?? throw new Xunit.Sdk.XunitException($"refused: {verdict.Refusal}");

    private static string Refused(BundleVerdict verdict)
    {
        Assert.Null(verdict.Plan);
        return verdict.Refusal!;
    }

    private string Write(byte[] tar)
    {
        var path = Path.Combine(_scratch.FullName, $"bundle-{Guid.NewGuid():N}.tar");
        File.WriteAllBytes(path, tar);
        return path;
    }
}
