namespace Appliance.Image.Tests.Infrastructure;

internal static class Repository
{
    // The checkout this test assembly was built from: the first parent holding image/appliance.toml.
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "image", "appliance.toml")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no parent of {AppContext.BaseDirectory} holds image/appliance.toml");
    }
}
