using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Receive;

/// <summary>Dropped packets by reason, with the last reason in words for status output.</summary>
public sealed class DropCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<DropReason>().Length];

    public long this[DropReason reason] => _counts[(int)reason];

    public long Total { get; private set; }

    public DecodeError? Last { get; private set; }

    public void Count(in DecodeError error)
    {
        _counts[(int)error.Reason]++;
        Total++;
        Last = error;
    }

    /// <summary>Non-zero counters only, by their stable snake_case names.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                result[((DropReason)i).ToName()] = _counts[i];
            }
        }

        return result;
    }
}
