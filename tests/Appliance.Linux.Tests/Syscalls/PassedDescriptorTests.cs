using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Linux.Processes;
using Appliance.Linux.Sockets;
using Tmds.Linux;

namespace Appliance.Linux.Tests.Syscalls;

/// <summary>Listening sockets handed to a child as 3, 4, ... (nginx's NGINX variable) and kept open by the parent.</summary>
public sealed class PassedDescriptorTests
{
    [Fact]
    public void A_child_gets_the_sockets_as_3_and_4_in_order_without_close_on_exec()
    {
        using var first = TcpListenSocket.Open(IPAddress.Loopback, 0, 16);
        using var second = TcpListenSocket.Open(IPAddress.Loopback, 0, 16);

        var output = Run("/bin/sh", ["-c", "readlink /proc/self/fd/3 /proc/self/fd/4; echo \"$NGINX\""], [first, second], ("NGINX", "3;4;"));

        Assert.Equal([$"socket:[{TcpListenSocket.Inode(first)}]", $"socket:[{TcpListenSocket.Inode(second)}]", "3;4;"], output);

        // Ours keep close-on-exec: no other child inherits them by accident.
        Assert.Equal(LibC.FD_CLOEXEC, LibC.fcntl(first.Value, LibC.F_GETFD) & LibC.FD_CLOEXEC);
    }

    [Fact]
    public void A_descriptor_already_at_a_target_number_is_not_overwritten_before_it_is_copied()
    {
        // Whatever numbers the sockets have (a low one may sit at 3 or 4 already), each arrives at its own place.
        using var sockets = new DisposableList(Enumerable.Range(0, 4).Select(_ => TcpListenSocket.Open(IPAddress.Loopback, 0, 16)));
        var reversed = sockets.Items.AsEnumerable().Reverse().ToArray();

        var output = Run("/bin/sh", ["-c", "readlink /proc/self/fd/3 /proc/self/fd/4 /proc/self/fd/5 /proc/self/fd/6"], reversed);

        Assert.Equal(reversed.Select(s => $"socket:[{TcpListenSocket.Inode(s)}]"), output);
    }

    [Fact]
    public void Connections_queue_on_a_held_socket_after_the_child_that_had_it_is_gone()
    {
        using var held = TcpListenSocket.Open(IPAddress.Loopback, 0, 16);
        Run("/bin/true", [], [held]);
        var port = LocalPort(held);

        // Nobody accepts, yet the kernel completes the handshake: the connection waits in the accept queue.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(IPAddress.Loopback, port);
        Assert.True(client.Connected);
    }

    private static unsafe int LocalPort(SafeFd socket)
    {
        sockaddr_in address;
        socklen_t length = (uint)sizeof(sockaddr_in);
        Assert.Equal(0, LibC.getsockname(socket.Value, (sockaddr*)&address, &length));
        return (ushort)IPAddress.NetworkToHostOrder((short)address.sin_port);
    }

    private static string[] Run(string file, string[] arguments, IReadOnlyList<SafeFd> passed, params (string Key, string Value)[] environment)
    {
        var variables = ChildProcess.CurrentEnvironment();
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        using var child = ChildProcess.Spawn(new SpawnOptions { File = file, Arguments = arguments, PassDescriptors = passed, Environment = variables });
        var text = new StringBuilder();
        var buffer = new byte[4096];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var read = child.ReadOutput(buffer);
            if (read == 0)
            {
                break;
            }

            if (read > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            else
            {
                Thread.Sleep(5);
            }
        }

        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed class DisposableList(IEnumerable<SafeFd> items) : IDisposable
    {
        public SafeFd[] Items { get; } = [.. items];

        public void Dispose()
        {
            foreach (var item in Items)
            {
                item.Dispose();
            }
        }
    }
}
