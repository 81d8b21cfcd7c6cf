using System.Runtime.Versioning;

using Appliance.Config;
using Appliance.Config.Tests;
using Appliance.Supervisor.Configuration;

namespace Appliance.Supervisor.Tests.Configuration;

[SupportedOSPlatform("linux")]
public sealed class ConfigStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-config-store-").FullName;

    private string ConfigPath => Path.Combine(_directory, "appliance.ini");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Version(int priority) => Ini.With("vrrp:web", "priority", priority.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string[] Leftovers() => Directory.GetFiles(_directory).Select(Path.GetFileName).Where(f => f!.Contains(".tmp.", StringComparison.Ordinal)).ToArray()!;

    [Fact]
    public void A_written_text_reads_back_exactly_and_leaves_no_temp_files()
    {
        var store = new ConfigStore(ConfigPath);
        Assert.False(store.Exists);
        store.WriteAtomic(FactoryDefaults.Text);
        Assert.Equal(FactoryDefaults.Text, store.Read());
        Assert.Empty(Leftovers());
        Assert.Null(store.ReadLastGood());
    }

    [Fact]
    public void A_new_file_is_private_and_an_existing_file_keeps_its_mode()
    {
        var store = new ConfigStore(ConfigPath);
        store.WriteAtomic(Version(100));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        store.WriteAtomic(Version(101));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigPath + ".last-good"));
    }

    [Fact]
    public void The_previous_valid_file_becomes_last_good()
    {
        var store = new ConfigStore(ConfigPath);
        store.WriteAtomic(Version(100));
        store.WriteAtomic(Version(101));
        Assert.Equal(Version(100), store.ReadLastGood());
        store.WriteAtomic(Version(102));
        Assert.Equal(Version(101), store.ReadLastGood());
        Assert.Equal(Version(102), store.Read());
    }

    [Fact]
    public void An_invalid_current_file_never_replaces_last_good()
    {
        var store = new ConfigStore(ConfigPath);
        store.WriteAtomic(Version(100));
        store.WriteAtomic("[vrrp:web]\npriority = 300\n");
        store.WriteAtomic(Version(102));
        Assert.Equal(Version(100), store.ReadLastGood());
    }

    [Fact]
    public void Last_good_is_judged_with_the_stores_environment()
    {
        var tracksEth1 = Ini.With("vrrp:web:track", "eth1", "-20");
        var blind = new ConfigStore(ConfigPath);
        blind.WriteAtomic(tracksEth1);
        blind.WriteAtomic(Version(100));
        Assert.Null(blind.ReadLastGood());

        var informed = new ConfigStore(ConfigPath, new ConfigEnvironment { KnownInterfaces = ["eth0", "eth1"] });
        informed.WriteAtomic(tracksEth1);
        informed.WriteAtomic(Version(101));
        Assert.Equal(tracksEth1, informed.ReadLastGood());
    }

    [Fact]
    public void Restore_last_good_puts_it_back()
    {
        var store = new ConfigStore(ConfigPath);
        Assert.False(store.RestoreLastGood());
        store.WriteAtomic(Version(100));
        store.WriteAtomic("[broken\n");
        Assert.True(store.RestoreLastGood());
        Assert.Equal(Version(100), store.Read());
        Assert.Equal(Version(100), store.ReadLastGood());
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_failure_after_any_step_leaves_the_complete_old_or_new_file()
    {
        foreach (var step in Enum.GetValues<WriteStep>())
        {
            var path = Path.Combine(_directory, $"{step}.ini");
            var store = new ConfigStore(path);
            store.WriteAtomic(Version(100));
            store.WriteAtomic(Version(101)); // last-good now 100
            store.AfterStep = s =>
            {
                if (s == step)
                {
                    throw new IOException($"crash after {s}");
                }
            };
            var thrown = Assert.Throws<IOException>(() => store.WriteAtomic(Version(102)));
            Assert.Equal($"crash after {step}", thrown.Message);

            var text = File.ReadAllText(path);
            var expected = step >= WriteStep.Renamed ? Version(102) : Version(101);
            Assert.True(text == expected, $"after {step}: the file holds neither complete version");
            var lastGood = store.ReadLastGood();
            var expectedLastGood = step >= WriteStep.LastGoodRenamed ? Version(101) : Version(100);
            Assert.True(lastGood == expectedLastGood, $"after {step}: last-good is {lastGood?.Length} chars, not the expected version");
            Assert.DoesNotContain(Leftovers(), f => f.StartsWith($"{step}.ini", StringComparison.Ordinal));

            store.AfterStep = null;
            store.WriteAtomic(Version(103));
            Assert.Equal(Version(103), store.Read());
        }
    }

    [Fact]
    public void Temp_files_of_dead_writers_are_removed_on_the_next_write()
    {
        var dead = Path.Combine(_directory, "appliance.ini.tmp.999999999");
        var alive = Path.Combine(_directory, "appliance.ini.tmp.1");
        File.WriteAllText(dead, "half a fi");
        File.WriteAllText(alive, "pid 1 is alive");
        new ConfigStore(ConfigPath).WriteAtomic(Version(100));
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(alive));
    }

    [Fact]
    public void Directory_sync_errors_carry_errno_and_the_operation()
    {
        ConfigStore.SyncDirectory(_directory);
        var missing = Assert.Throws<ConfigStoreException>(() => ConfigStore.SyncDirectory(Path.Combine(_directory, "missing")));
        Assert.Equal(2, missing.Errno); // ENOENT
        Assert.Equal($"open directory {Path.Combine(_directory, "missing")}", missing.Operation);
        Assert.Contains("errno 2", missing.Message, StringComparison.Ordinal);
        var file = Path.Combine(_directory, "file");
        File.WriteAllText(file, "");
        var notDirectory = Assert.Throws<ConfigStoreException>(() => ConfigStore.SyncDirectory(file));
        Assert.Equal(20, notDirectory.Errno); // ENOTDIR: O_DIRECTORY has the right value for this architecture
    }

    [Fact]
    public void Reading_a_missing_file_throws_file_not_found() =>
        Assert.Throws<FileNotFoundException>(() => new ConfigStore(ConfigPath).Read());
}

[SupportedOSPlatform("linux")]
public sealed class ConfigStoreEdgeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-config-edge-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Bytes_that_are_not_utf8_on_disk_are_reported_by_the_loader()
    {
        var path = Path.Combine(_directory, "appliance.ini");
        File.WriteAllBytes(path, [.. "[system]\nhostname = a"u8, 0xFF, 0xFE, (byte)'\n']);
        var error = Ini.Single(ApplianceConfigLoader.Load(new ConfigStore(path).Read()), "bytes that are not valid UTF-8 at column 13");
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Concurrent_writers_in_one_process_each_write_a_complete_version()
    {
        var path = Path.Combine(_directory, "appliance.ini");
        var versions = Enumerable.Range(100, 8).Select(p => Ini.With("vrrp:web", "priority", p.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Parallel.ForEach(versions, new ParallelOptions { MaxDegreeOfParallelism = 4 }, text => new ConfigStore(path).WriteAtomic(text));
        Assert.Contains(File.ReadAllText(path), versions);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp.*"));
    }

    [Fact]
    public void Writing_into_a_missing_directory_throws_and_leaves_nothing()
    {
        var store = new ConfigStore(Path.Combine(_directory, "missing", "appliance.ini"));
        Assert.Throws<DirectoryNotFoundException>(() => store.WriteAtomic("[system]\n"));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }
}
