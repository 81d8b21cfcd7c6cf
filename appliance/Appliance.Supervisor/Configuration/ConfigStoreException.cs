using System.Runtime.InteropServices;

namespace Appliance.Supervisor.Configuration;

/// <summary>A failed system call of <see cref="ConfigStore"/>, with the operation, the path and errno.</summary>
public sealed class ConfigStoreException(string operation, string path, int errno)
    : IOException($"{operation}({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
{
    public string Operation { get; } = operation;

    public string Path { get; } = path;

    public int Errno { get; } = errno;
}
