namespace Appliance.Config.Tests.Security;

public sealed class ConsolePasswordTests
{
    [Fact]
    public void A_hash_verifies_its_password_and_nothing_else()
    {
        var hash = ConsolePassword.Hash("correct horse", ConsolePassword.MinIterations);
        Assert.True(ConsolePassword.Verify("correct horse", hash));
        Assert.False(ConsolePassword.Verify("correct hors", hash));
        Assert.False(ConsolePassword.Verify("", hash));
    }

    [Fact]
    public void The_default_hash_has_the_documented_shape_and_loads()
    {
        var hash = ConsolePassword.Hash("s3cret");
        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "600000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(ConsolePassword.Verify("s3cret", hash));
        Assert.Equal(hash, Ini.Valid(Ini.With("system", "console_password", hash)).System.ConsolePassword);
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_salt() =>
        Assert.NotEqual(ConsolePassword.Hash("x", ConsolePassword.MinIterations), ConsolePassword.Hash("x", ConsolePassword.MinIterations));

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$abc$c2FsdHNhbHQ=$aGFzaA==")]
    [InlineData("pbkdf2-sha256$99999999999$c2FsdHNhbHQ=$aGFzaA==")]
    [InlineData("pbkdf2-sha1$10000$c2FsdHNhbHQ=$aGFzaA==")]
    [InlineData("pbkdf2-sha256$10000$!!$aGFzaA==")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHQ=$aGFzaA==")]
    public void A_malformed_hash_verifies_nothing(string hash) => Assert.False(ConsolePassword.Verify("x", hash));

    [Fact]
    public void Verify_compares_the_whole_derived_key()
    {
        var hash = ConsolePassword.Hash("x", ConsolePassword.MinIterations);
        var parts = hash.Split('$');
        var key = Convert.FromBase64String(parts[3]);
        key[^1] ^= 1;
        Assert.False(ConsolePassword.Verify("x", string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(key))));
    }
}
