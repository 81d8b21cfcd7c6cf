using Serilog.Events;

namespace Appliance.Logging.Sinks;

/// <summary>Turns an event into the bytes of one message, never more than the destination holds.</summary>
internal interface IEventEncoder
{
    int Encode(LogEvent logEvent, Span<byte> destination);
}
