namespace Appliance.Supervisor.Upgrade;

/// <summary>An upgrade that cannot go on, or a bundle refused: the one-line message says why; the confirmed slot is
/// untouched.</summary>
public sealed class UpgradeException(string message) : Exception(message);
