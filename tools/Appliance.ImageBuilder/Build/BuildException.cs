namespace Appliance.ImageBuilder;

// A build that cannot go on, with the reason an operator can act on. Caught once, in Program.
internal sealed class BuildException(string message) : Exception(message);
