using System.Text;
using Appliance.Lab.Probe;
using DotNet.Testcontainers.Configurations;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// The standard output of a probe container, line by line into a <see cref="Timeline"/>. The probe stamps each
/// attempt with CLOCK_MONOTONIC, which a container shares with the host: its times compare with Timeline.Now().
/// </summary>
internal sealed class TimelineSink : IOutputConsumer
{
    private readonly LineStream _stdout;
    private readonly LineStream _stderr;

    public TimelineSink()
    {
        _stdout = new LineStream(line =>
        {
            if (Attempt.TryParse(line, out var attempt))
            {
                Timeline.Add(attempt);
            }
        });
        _stderr = new LineStream(line =>
        {
            lock (Errors)
            {
                Errors.AppendLine(line);
            }
        });
    }

    public Timeline Timeline { get; } = new();

    /// <summary>What the probe said on stderr (why it could not run, if it could not).</summary>
    public StringBuilder Errors { get; } = new();

    public bool Enabled => true;

    public Stream Stdout => _stdout;

    public Stream Stderr => _stderr;

    public void Dispose()
    {
        _stdout.Dispose();
        _stderr.Dispose();
    }

    /// <summary>A write-only stream that hands each complete line to a callback.</summary>
    private sealed class LineStream(Action<string> onLine) : Stream
    {
        private readonly StringBuilder _partial = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_partial)
            {
                foreach (var b in buffer)
                {
                    if (b == '\n')
                    {
                        onLine(_partial.ToString());
                        _partial.Clear();
                    }
                    else
                    {
                        _partial.Append((char)b);
                    }
                }
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
