namespace Appliance.Supervisor.Anycast;

/// <summary>One row of <c>show protocols</c>: name, protocol type, state (up, down, start) and the info column.</summary>
internal sealed record BirdProtocolRow(string Name, string Proto, string State, string Info)
{
    /// <summary>For a BGP protocol, the session state from the info column (Established, Idle, Active, Connect, ...).</summary>
    public string SessionState => Proto == "BGP" && Info.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? first : State;
}

/// <summary>
/// Reads the table of <c>show protocols</c> (code 1002 rows under a 2002 heading):
/// <c>Name Proto Table State Since Info</c>. Since is one token (a time today, a date before); Info is the rest.
/// Rows that do not have those columns are skipped and counted, never guessed at.
/// </summary>
internal static class BirdProtocols
{
    public static List<BirdProtocolRow> Parse(BirdReply reply, out int skipped)
    {
        skipped = 0;
        var rows = new List<BirdProtocolRow>();
        foreach (var line in reply.Lines.Where(l => l.Code == 1002))
        {
            var columns = line.Text.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 5)
            {
                skipped++;
                continue;
            }

            rows.Add(new BirdProtocolRow(columns[0], columns[1], columns[3], columns.Length > 5 ? columns[5].Trim() : ""));
        }

        return rows;
    }
}
