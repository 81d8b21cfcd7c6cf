using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Appliance.Config;

/// <summary>
/// The console password as stored in <c>[system] console_password</c>:
/// <c>pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64</c> (PBKDF2-HMAC-SHA256, RFC 8018). On Linux .NET computes it
/// with OpenSSL, so the image needs libssl.
/// </summary>
public static class ConsolePassword
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a login at a serial console can afford the ~0.3 s.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinIterations = 10_000;

    /// <summary>
    /// The shortest new password the console and <c>appliance passwd</c> accept: eight characters, NIST SP 800-63B's
    /// floor for a memorised secret; the supervisor's shared back-off does the rest against guessing.
    /// </summary>
    public const int MinimumLength = 8;

    /// <summary>Longer input is refused rather than hashed: a serial line is slow, and nobody types more.</summary>
    public const int MaximumLength = 128;

    /// <summary>Caps the work a crafted hash can make Verify do.</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password) => Hash(password, DefaultIterations);

    public static string Hash(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches; false for a wrong password and for a malformed or empty hash.</summary>
    public static bool Verify(string password, string hash)
    {
        if (password is null || !TryParseHash(hash, out var iterations, out var salt, out var expected, out _))
        {
            return false;
        }

        var actual = Derive(password, salt, iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Checks the stored form without deriving anything; <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParseHash(string? text, out int iterations, out byte[] salt, out byte[] hash, out string? problem)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = (text ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            problem = $"expected {Scheme}$ITERATIONS$SALT$HASH";
            return false;
        }

        if (!Values.TryInt(parts[1], out iterations) || iterations < MinIterations || iterations > MaxIterations)
        {
            problem = $"iterations must be {MinIterations}-{MaxIterations}";
            return false;
        }

        salt = FromBase64(parts[2]) ?? [];
        hash = FromBase64(parts[3]) ?? [];
        if (salt.Length < 8)
        {
            problem = "the salt is not base64 of at least 8 bytes";
            return false;
        }

        if (hash.Length != HashBytes)
        {
            problem = $"the hash is not base64 of {HashBytes} bytes";
            return false;
        }

        problem = null;
        return true;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
