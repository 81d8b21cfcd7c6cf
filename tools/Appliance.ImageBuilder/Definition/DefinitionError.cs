namespace Appliance.ImageBuilder.Definition;

// One reason an image definition is rejected, at the place in the file an editor can jump to.
internal sealed record DefinitionError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
