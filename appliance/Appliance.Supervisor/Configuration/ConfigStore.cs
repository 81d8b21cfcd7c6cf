using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

using Appliance.Config;

namespace Appliance.Supervisor.Configuration;

/// <summary>
/// appliance.ini on disk. <see cref="WriteAtomic"/> never leaves a half-written file: the new text goes to a temp
/// file in the same directory, is fsynced, and is renamed over the target, and the directory is fsynced so the
/// rename itself survives a power cut. Before that, a current file that passes validation is kept as
/// <c>appliance.ini.last-good</c> (written the same way). A reader therefore sees the complete old text or the
/// complete new text, never a mix, never nothing.
/// Thread-safe. Linux only: the directory fsync goes through libc.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ConfigStore
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // Temp names carry only the pid, so two writers in one process must not overlap. Saves are rare: one lock for all.
    private static readonly Lock WriteLock = new();
    private readonly ConfigEnvironment? _environment;

    public ConfigStore(string path, ConfigEnvironment? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _environment = environment;
    }

    public const string DefaultPath = "/etc/appliance/appliance.ini";

    public string Path { get; }

    public string LastGoodPath => Path + ".last-good";

    /// <summary>A commit-confirmed change waiting for its confirmation (<see cref="PendingChange"/>).</summary>
    public string PendingPath => Path + ".pending";

    /// <summary>A copy of a file that was refused at boot, kept for the operator.</summary>
    public string RejectedPath => Path + ".rejected";

    public bool Exists => File.Exists(Path);

    /// <summary>Test seam: called after each step of a write; a test throws from it to stand for a crash there.</summary>
    internal Action<WriteStep>? AfterStep { get; set; }

    /// <summary>The file's text (UTF-8; invalid bytes become U+FFFD, which the loader reports). Throws when it is missing.</summary>
    public string Read() => File.ReadAllText(Path, Utf8);

    public string? ReadLastGood() => File.Exists(LastGoodPath) ? File.ReadAllText(LastGoodPath, Utf8) : null;

    /// <summary>
    /// Replaces the file with <paramref name="text"/> atomically and durably. It does not validate the new text (the
    /// caller decides what may be saved); it keeps the current file as last-good only if that one is valid.
    /// </summary>
    /// <param name="text">The new file.</param>
    /// <param name="keepLastGood">False for a rollback: the unconfirmed text it replaces must not become last-good.</param>
    public void WriteAtomic(string text, bool keepLastGood = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (WriteLock)
        {
            WriteLocked(text, keepLastGood);
        }
    }

    private void WriteLocked(string text, bool keepLastGood)
    {
        RemoveStaleTemps();
        var mode = File.Exists(Path) ? File.GetUnixFileMode(Path) : NewFileMode;
        var temp = TempName(Path);
        var lastGoodTemp = TempName(LastGoodPath);
        try
        {
            WriteSynced(temp, Utf8.GetBytes(text), mode, WriteStep.TempWritten, WriteStep.TempSynced);
            if (keepLastGood)
            {
                KeepLastGood(lastGoodTemp, mode);
            }

            File.Move(temp, Path, overwrite: true); // rename(2): atomic within one file system
            Step(WriteStep.Renamed);
            SyncDirectory();
            Step(WriteStep.DirectorySynced);
        }
        catch
        {
            TryDelete(temp);
            TryDelete(lastGoodTemp);
            throw;
        }
    }

    /// <summary>Puts the last-good text back as the configuration (atomically). False when there is no last-good file.</summary>
    public bool RestoreLastGood()
    {
        lock (WriteLock)
        {
            return RestoreLocked();
        }
    }

    private bool RestoreLocked()
    {
        var text = ReadLastGood();
        if (text is null)
        {
            return false;
        }

        ReplaceLocked(Path, Utf8.GetBytes(text));
        return true;
    }

    /// <summary>Keeps a copy of the current file as <see cref="RejectedPath"/>, byte for byte; the file itself stays.</summary>
    public void KeepRejected()
    {
        lock (WriteLock)
        {
            ReplaceLocked(RejectedPath, File.ReadAllBytes(Path));
        }
    }

    /// <summary>The pending change, or null when there is none; a damaged file reads as null with the reason.</summary>
    public PendingChange? ReadPending(out string? damage)
    {
        damage = null;
        var info = new FileInfo(PendingPath);
        if (!info.Exists)
        {
            return null;
        }

        if (info.Length > PendingChange.MaxBytes)
        {
            damage = $"{PendingPath} is larger than {PendingChange.MaxBytes} bytes";
            return null;
        }

        var pending = PendingChange.Decode(File.ReadAllText(PendingPath, Utf8), out var error);
        damage = error is null ? null : $"{PendingPath}: {error}";
        return pending;
    }

    /// <summary>Persists the pending change durably; done before the change it guards is written or applied.</summary>
    public void WritePending(PendingChange pending)
    {
        lock (WriteLock)
        {
            ReplaceLocked(PendingPath, Utf8.GetBytes(pending.Encode()));
        }
    }

    /// <summary>Removes the pending change durably (confirmed, or rolled back).</summary>
    public void ClearPending()
    {
        lock (WriteLock)
        {
            if (File.Exists(PendingPath))
            {
                File.Delete(PendingPath);
                SyncDirectory();
            }
        }
    }

    /// <summary>temp, fsync, rename, directory fsync: <paramref name="target"/> holds the old bytes or the new ones.</summary>
    private void ReplaceLocked(string target, byte[] bytes)
    {
        var mode = File.Exists(Path) ? File.GetUnixFileMode(Path) : NewFileMode;
        var temp = TempName(target);
        try
        {
            WriteSynced(temp, bytes, mode, WriteStep.TempWritten, WriteStep.TempSynced);
            File.Move(temp, target, overwrite: true);
            Step(WriteStep.Renamed);
            SyncDirectory();
            Step(WriteStep.DirectorySynced);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private void KeepLastGood(string lastGoodTemp, UnixFileMode mode)
    {
        if (!File.Exists(Path))
        {
            return;
        }

        var current = File.ReadAllBytes(Path);
        if (ApplianceConfigLoader.Load(Utf8.GetString(current), _environment).HasErrors)
        {
            return; // a broken current file must not replace a good last-good
        }

        WriteSynced(lastGoodTemp, current, mode, WriteStep.LastGoodTempWritten, WriteStep.LastGoodTempSynced);
        File.Move(lastGoodTemp, LastGoodPath, overwrite: true);
        Step(WriteStep.LastGoodRenamed);
    }

    private void WriteSynced(string path, byte[] bytes, UnixFileMode mode, WriteStep written, WriteStep synced)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = mode,
        };
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
        stream.Flush(flushToDisk: false);
        Step(written);
        stream.Flush(flushToDisk: true); // fsync(2)
        Step(synced);
    }

    private void SyncDirectory() => SyncDirectory(System.IO.Path.GetDirectoryName(Path)!);

    /// <summary>fsync(2) of a directory: makes the renames in it durable.</summary>
    internal static void SyncDirectory(string directory)
    {
        try
        {
            Appliance.Linux.Host.FileSync.Directory(directory);
        }
        catch (Appliance.Linux.SystemCallException e)
        {
            throw new ConfigStoreException(e.Operation, directory, (int)e.Errno);
        }
    }

    private void Step(WriteStep step) => AfterStep?.Invoke(step);

    private static string TempName(string path) =>
        path + ".tmp." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Temp files of writers that died (SIGKILL, power cut) would otherwise pile up.</summary>
    private void RemoveStaleTemps()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        var name = System.IO.Path.GetFileName(Path);
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, name + "*.tmp.*"))
        {
            var suffix = file[(file.LastIndexOf(".tmp.", StringComparison.Ordinal) + 5)..];
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && (pid == Environment.ProcessId || !Directory.Exists("/proc/" + suffix)))
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
