using System.Text;
using System.Text.Json;
using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

// A docker image from the rootfs tar (docker import: no registry, no Dockerfile), with the entrypoint, command,
// volumes and environment of the definition, and the same image as an archive for `docker load` on any host
// (appliance-container.tar: the daemon the build used is its own and stops with it). Needs a docker daemon
// (tools/docker-up.sh starts one).
internal sealed class ContainerStep : IBuildStep
{
    public const string FileName = "container.json";

    public const string ArchiveName = "appliance-container.tar";

    public string Name => "container";

    public IReadOnlyList<string> DependsOn => ["rootfs"];

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        hash.AddFile("rootfs", context.Image(RootfsStep.TarName))
            .Add("tag", Tag(context));
        foreach (var change in Changes(context))
        {
            hash.Add("change", change);
        }
    }

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Image(FileName), context.Image(ArchiveName)];

    public bool OutputsPresent(BuildContext context)
    {
        var file = context.Image(FileName);
        if (!File.Exists(file) || !File.Exists(context.Image(ArchiveName)))
        {
            return false;
        }
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var id = json.RootElement.GetProperty("id").GetString() ?? "";
        return Exec.TryRun("docker", ["image", "inspect", "--format", "{{.Id}}", id]).ExitCode == 0;
    }

    public void Run(BuildContext context)
    {
        if (Exec.TryRun("docker", ["version"], timeout: TimeSpan.FromSeconds(20)).ExitCode != 0)
        {
            throw new BuildException("no docker daemon answers; start one with tools/docker-up.sh DIR (and stop it with tools/docker-down.sh DIR)");
        }
        var arguments = new List<string> { "import" };
        foreach (var change in Changes(context))
        {
            arguments.AddRange(["--change", change]);
        }
        var tag = Tag(context);
        arguments.AddRange([context.Image(RootfsStep.TarName), tag]);
        var id = Exec.Run("docker", arguments).Trim();

        // docker save writes the tag with the image, so `docker load` on another host gives it back by name.
        var archive = context.Image(ArchiveName);
        var partial = archive + ".partial";
        File.Delete(partial);
        Exec.Run("docker", ["save", "-o", partial, tag]);
        File.Move(partial, archive, overwrite: true);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("image", tag);
            writer.WriteString("id", id);
            writer.WriteEndObject();
        }
        File.WriteAllBytes(context.Image(FileName), [.. stream.ToArray(), (byte)'\n']);
    }

    // A docker tag is [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: the build metadata of a semantic version ("0.1.0+3e9fff0",
    // what `appliance --version` prints) has a '+', which docker refuses ("invalid reference format").
    public static string Tag(BuildContext context)
    {
        var tag = new StringBuilder(context.Version.Length);
        foreach (var c in context.Version)
        {
            tag.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        }
        if (tag.Length == 0 || tag[0] is '.' or '-')
        {
            tag.Insert(0, '_');
        }
        return $"{context.Definition.Container.Repository}:{tag.ToString()[..Math.Min(tag.Length, 128)]}";
    }

    // Dockerfile instructions as docker import --change takes them (20.10 takes CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,
    // ONBUILD, USER, VOLUME, WORKDIR; no STOPSIGNAL: the default SIGTERM is what the appliance handles); JSON
    // array forms so nothing goes through a shell.
    private static List<string> Changes(BuildContext context)
    {
        var c = context.Definition.Container;
        var changes = new List<string> { $"ENTRYPOINT {JsonArray(c.Entrypoint)}", $"CMD {JsonArray(c.Cmd)}" };
        changes.AddRange(c.Volumes.Select(v => $"VOLUME {JsonArray([v])}"));
        changes.AddRange(c.Env.Select(e => $"ENV {e}"));
        changes.AddRange(c.Expose.Select(e => $"EXPOSE {e}"));
        return changes;
    }

    private static string JsonArray(IEnumerable<string> values)
    {
        var text = new StringBuilder("[");
        text.AppendJoin(",", values.Select(v => JsonSerializer.Serialize(v, StringJsonContext.Default.String)));
        return text.Append(']').ToString();
    }
}
