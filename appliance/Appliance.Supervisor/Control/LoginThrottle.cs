namespace Appliance.Supervisor.Control;

/// <summary>
/// One failure counter and lock-out for every console of the box (serial and tty1 share it, so two lines do not
/// double the guesses), kept in the supervisor, as a pure policy on a caller's clock. After a wrong password every
/// console waits: 1 s after the first, doubling with each further failure, at most <see cref="MaxDelay"/>; a right
/// password clears the count. One check runs at a time (the hash takes a fraction of a second on purpose).
/// </summary>
internal sealed class LoginThrottle
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>Five minutes: about 300 guesses a day once reached, while an operator who mistyped waits seconds.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    private TimeSpan _lockedUntil = TimeSpan.MinValue;

    public int Failures { get; private set; }

    public bool Checking { get; private set; }

    /// <summary>Null when a check may start now (and it is then marked as running); else when to try again.</summary>
    public TimeSpan? TryBegin(TimeSpan now)
    {
        if (Checking)
        {
            return now + FirstDelay;
        }

        if (now < _lockedUntil)
        {
            return _lockedUntil;
        }

        Checking = true;
        return null;
    }

    /// <summary>The check failed: the delay every console now waits.</summary>
    public TimeSpan Failed(TimeSpan now)
    {
        Checking = false;
        Failures++;
        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(Failures - 1, 20)));
        _lockedUntil = now + delay;
        return delay;
    }

    public void Succeeded()
    {
        Checking = false;
        Failures = 0;
        _lockedUntil = TimeSpan.MinValue;
    }
}
