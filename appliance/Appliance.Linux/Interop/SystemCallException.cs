using System.Runtime.InteropServices;

namespace Appliance.Linux;

/// <summary>
/// A system call (or a kernel request such as a netlink message) failed. The message names what was being done,
/// the errno and its strerror text, e.g.
/// <c>netlink add address 192.0.2.10/24 on eth0: EEXIST (File exists)</c>, plus the kernel's own explanation
/// when netlink extended acks supplied one.
/// </summary>
public sealed class SystemCallException : Exception
{
    public SystemCallException(Errno errno, string operation, string? kernelMessage = null)
        : base(Format(errno, operation, kernelMessage))
    {
        Errno = errno;
        Operation = operation;
        KernelMessage = kernelMessage;
    }

    public Errno Errno { get; }

    /// <summary>What was being done, in words an operator understands ("netlink delete link vrrp.51").</summary>
    public string Operation { get; }

    /// <summary>strerror(3) text for <see cref="Errno"/>.</summary>
    public string ErrorText => Describe(Errno);

    /// <summary>The netlink extended ack message (NLMSGERR_ATTR_MSG), when the kernel gave one.</summary>
    public string? KernelMessage { get; }

    /// <summary>"EEXIST (File exists)".</summary>
    public static string Describe(Errno errno) =>
        // Marshal.GetPInvokeErrorMessage is strerror(3) on Unix; formatting is done only when asked for.
        $"{errno} ({Marshal.GetPInvokeErrorMessage((int)errno)})";

    private static string Format(Errno errno, string operation, string? kernelMessage) =>
        kernelMessage is null
            ? $"{operation}: {Describe(errno)}"
            : $"{operation}: {Describe(errno)}: kernel says \"{kernelMessage}\"";
}
