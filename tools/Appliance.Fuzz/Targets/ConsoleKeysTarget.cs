using Appliance.ConsoleUi.Input;

namespace Appliance.Fuzz;

/// <summary>
/// Bytes from the serial line through the console's <see cref="KeyDecoder"/>, split into two reads at a point the
/// input chooses (a sequence may be cut anywhere by the line). The decoder promises that nothing throws and that a
/// CR always ends whatever sequence was pending.
/// </summary>
internal static class ConsoleKeysTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        var split = input.IsEmpty ? 0 : input[0] % (input.Length + 1);
        decoder.Feed(input[..split], keys);
        decoder.Feed(input[split..], keys);
        decoder.Feed("\r"u8, keys);
        FuzzFinding.Require(!decoder.HasPending, "a CR ends any pending sequence");
        decoder.Feed(input, keys);
        decoder.Flush(keys);
        FuzzFinding.Require(!decoder.HasPending, "Flush ends whatever is pending");
    }
}
