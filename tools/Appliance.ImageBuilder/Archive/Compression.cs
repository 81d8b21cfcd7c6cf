using System.IO.Compression;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Archive;

// Initramfs compression. gzip is done in process; the others go through their command-line tools with the
// options the kernel's decompressors accept (xz: crc32 check; lz4: legacy frame format).
internal static class Compression
{
    public static byte[] Compress(byte[] data, string method)
    {
        switch (method)
        {
            case "none":
                return data;
            case "gzip":
                using (var output = new MemoryStream())
                {
                    using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
                    {
                        gzip.Write(data);
                    }
                    return output.ToArray();
                }
            case "xz":
                return Pipe("xz", ["--check=crc32", "-9", "-c"], data);
            case "zstd":
                return Pipe("zstd", ["-19", "-q", "-c"], data);
            case "lz4":
                return Pipe("lz4", ["-l", "-9", "-q", "-c"], data);
            default:
                throw new BuildException($"unknown compression '{method}'");
        }
    }

    private static byte[] Pipe(string program, string[] arguments, byte[] data)
    {
        var temporary = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(temporary, data);
            var output = temporary + ".out";
            Exec.Run("sh", ["-c", $"{program} {string.Join(' ', arguments)} < \"$1\" > \"$2\"", "sh", temporary, output]);
            var result = File.ReadAllBytes(output);
            File.Delete(output);
            return result;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
